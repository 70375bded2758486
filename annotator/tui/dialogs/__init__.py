"""The modal dialogs the screens ask through: pickers, prompts, confirmations, the memo editor and the key table."""
