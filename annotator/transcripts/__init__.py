"""Interview transcripts: readers that turn transcription tools' files into a document text and speaker turns."""
