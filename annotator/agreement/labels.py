"""Names, references and reading bands of the statistics, shared by every report format."""

from __future__ import annotations

from dataclasses import dataclass

REFERENCES = {
    "bennett1954": "Bennett, E. M., Alpert, R., & Goldstein, A. C. (1954). Communications through limited-response"
    " questioning. Public Opinion Quarterly, 18(3), 303–308.",
    "brennan1981": "Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses, and"
    " alternatives. Educational and Psychological Measurement, 41(3), 687–699.",
    "cohen1960": "Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological"
    " Measurement, 20(1), 37–46.",
    "efron1993": "Efron, B., & Tibshirani, R. J. (1993). An introduction to the bootstrap. Chapman & Hall.",
    "feinstein1990": "Feinstein, A. R., & Cicchetti, D. V. (1990). High agreement but low kappa: I. The problems of"
    " two paradoxes. Journal of Clinical Epidemiology, 43(6), 543–549.",
    "fleiss1971": "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological"
    " Bulletin, 76(5), 378–382.",
    "gwet2008": "Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the presence of high"
    " agreement. British Journal of Mathematical and Statistical Psychology, 61(1), 29–48.",
    "gwet2014": "Gwet, K. L. (2014). Handbook of inter-rater reliability (4th ed.). Advanced Analytics.",
    "krippendorff1995": "Krippendorff, K. (1995). On the reliability of unitizing continuous data. Sociological"
    " Methodology, 25, 47–76.",
    "krippendorff2004": "Krippendorff, K. (2004). Content analysis: An introduction to its methodology (2nd ed.)."
    " Sage.",
    "krippendorff2016": "Krippendorff, K., Mathet, Y., Bouvry, S., & Widlöcher, A. (2016). On the reliability of"
    " unitizing textual continua: Further developments. Quality & Quantity, 50(6), 2347–2364.",
    "krippendorff2019": "Krippendorff, K. (2019). Content analysis: An introduction to its methodology (4th ed.)."
    " Sage.",
    "mathet2015": "Mathet, Y., Widlöcher, A., & Métivier, J.-P. (2015). The unified and holistic method gamma (γ)"
    " for inter-annotator agreement measure and alignment. Computational Linguistics, 41(3), 437–479.",
    "mathet2017": "Mathet, Y. (2017). The agreement measure γcat a complement to γ focused on categorization of a"
    " continuum. Computational Linguistics, 43(3), 661–681.",
    "maxqda": "VERBI Software. (n.d.). Intercoder agreement. MAXQDA manual.",
    "scott1955": "Scott, W. A. (1955). Reliability of content analysis: The case of nominal scale coding. Public"
    " Opinion Quarterly, 19(3), 321–325.",
}
"""Full references (APA style), by key; a statistic's `cites` names the ones a methods paragraph lists for it."""


@dataclass(frozen=True)
class Statistic:
    """How a statistic is named in reports: full name, short column header, reference, whether it is
    chance-corrected, the full references a methods paragraph lists for it, the entry it sits in
    (`segments`, `gamma`, or the row), and whether Krippendorff's bands apply to it."""

    key: str
    name: str
    short: str
    reference: str
    chance_corrected: bool = True
    cites: tuple[str, ...] = ()
    group: str = ""
    banded: bool = True  # False where the literature gives no reading bands (γ)

    @property
    def path(self) -> tuple[str, ...]:
        """Where the figure sits in a row of the report."""
        return (self.group, self.key) if self.group else (self.key,)


STATISTICS: dict[str, Statistic] = {
    s.key: s
    for s in (
        Statistic(
            "percent_agreement",
            "Percent agreement",
            "% agr",
            "mean share of agreeing coder pairs per unit",
            chance_corrected=False,
        ),
        Statistic("cohen_kappa", "Cohen's kappa", "Cohen κ", "Cohen (1960)", cites=("cohen1960",)),
        Statistic("scott_pi", "Scott's pi", "Scott π", "Scott (1955)", cites=("scott1955",)),
        Statistic(
            "fleiss_kappa",
            "Fleiss' kappa",
            "Fleiss",
            "Fleiss (1971); Gwet (2014) with missing values",
            cites=("fleiss1971", "gwet2014"),
        ),
        Statistic(
            "krippendorff_alpha",
            "Krippendorff's alpha",
            "Kripp α",
            "Krippendorff (2004, 2011)",
            cites=("krippendorff2004",),
        ),
        Statistic("gwet_ac1", "Gwet's AC1", "AC1", "Gwet (2008, 2014)", cites=("gwet2008", "gwet2014")),
        Statistic(
            "brennan_prediger",
            "Brennan–Prediger",
            "BP",
            "Brennan & Prediger (1981); Bennett et al. (1954) S",
            cites=("brennan1981", "bennett1954"),
        ),
        Statistic(
            "alpha_u",
            "Krippendorff's unitizing alpha α_U",
            "α_U",
            "Krippendorff (1995, 2004), as DKPro Agreement / INCEpTION",
            cites=("krippendorff1995", "krippendorff2004"),
        ),
        Statistic(
            "u_alpha",
            "u-α",
            "u-α",
            "Krippendorff, Mathet, Bouvry & Widlöcher (2016), as ATLAS.ti",
            cites=("krippendorff2016",),
        ),
        Statistic(
            "binary_u_alpha",
            "|u-α (binary: coded or not)",
            "|u-α",
            "Krippendorff et al. (2016), as ATLAS.ti",
            cites=("krippendorff2016",),
        ),
        Statistic(
            "cu_alpha",
            "cu-α (coding where coders overlap)",
            "cu-α",
            "Krippendorff et al. (2016); Krippendorff (2019) §12.6, as ATLAS.ti",
            cites=("krippendorff2016", "krippendorff2019"),
        ),
        Statistic(
            "domain_cu_alpha",
            "Cu-α (by semantic domain)",
            "Cu-α",
            "Krippendorff et al. (2016), as ATLAS.ti's Cu-α over semantic domains",
            cites=("krippendorff2016", "krippendorff2019"),
        ),
        Statistic(
            "share",
            "Matched segments (share)",
            "seg",
            "MAXQDA-style segment matching",
            chance_corrected=False,
            cites=("maxqda",),
            group="segments",
        ),
        Statistic(
            "segment_kappa",
            "Segment κ (MAXQDA)",
            "seg κ",
            "MAXQDA's segment kappa, chance = 1 / number of codes (Brennan & Prediger 1981)",
            cites=("maxqda", "brennan1981"),
            group="segments",
        ),
        Statistic(
            "precision",
            "Segment precision",
            "prec",
            "B's segments matched by A",
            chance_corrected=False,
            cites=("maxqda",),
            group="segments",
        ),
        Statistic(
            "recall",
            "Segment recall",
            "rec",
            "A's segments matched by B",
            chance_corrected=False,
            cites=("maxqda",),
            group="segments",
        ),
        Statistic(
            "f1",
            "Segment F1",
            "F1",
            "harmonic mean of precision and recall",
            chance_corrected=False,
            cites=("maxqda",),
            group="segments",
        ),
        Statistic(
            "gamma",
            "Mathet et al.'s γ",
            "γ",
            "Mathet, Widlöcher & Métivier (2015)",
            cites=("mathet2015",),
            group="gamma",
            banded=False,
        ),
        Statistic(
            "gamma_cat",
            "Mathet's γ-cat",
            "γ-cat",
            "Mathet (2017)",
            cites=("mathet2015", "mathet2017"),
            group="gamma",
            banded=False,
        ),
        Statistic(
            "gamma_k",
            "Mathet's γ-k",
            "γ-k",
            "Mathet (2017), per code",
            cites=("mathet2015", "mathet2017"),
            group="gamma",
            banded=False,
        ),
    )
}
"""Every statistic a report shows, by JSON key."""

UNIT_STATISTICS = (
    "percent_agreement",
    "cohen_kappa",
    "scott_pi",
    "fleiss_kappa",
    "krippendorff_alpha",
    "gwet_ac1",
    "brennan_prediger",
)
TWO_CODER_ONLY = ("cohen_kappa", "scott_pi")

UNIT_DESCRIPTIONS = {
    "character": "every character is a unit, as in NVivo's coding comparison",
    "word": "words are units: runs of letters and digits with their combining marks, apostrophes inside words kept",
    "sentence": "sentences are units: cut after . ! ? (and closing quotes) before a space, after 。！？, and at paragraph ends",
    "paragraph": "paragraphs are units: text between blank lines",
    "turn": "a transcript's speaker turns are units; a document without turns has none",
}
"""What each unit of `annotator.agreement.units.UNITS` is, in one phrase (every unit has one)."""

GOOD, TENTATIVE = 0.800, 0.667
BAND_NOTE = (
    "Bands (Krippendorff 2004, for chance-corrected figures): ≥ 0.800 good, 0.667–0.800 tentative, "
    "below 0.667 poor; percent agreement and segment shares are not banded"
)


def band(key: str, value: float | None) -> str:
    """`good`, `tentative`, `poor`, `plain` (not banded) or `undefined`, for colouring a figure."""
    if value is None:
        return "undefined"
    statistic = STATISTICS.get(key)
    if statistic is None or not statistic.chance_corrected or not statistic.banded:
        return "plain"
    # Band the figure as printed (three decimals): a kappa of exactly 0.8 computed as
    # 0.7999999999999998 shows as 0.800 and must be coloured good, like the 0.800 it shows.
    shown = round(value, 3)
    if shown >= GOOD:
        return "good"
    return "tentative" if shown >= TENTATIVE else "poor"


LEGEND = (
    "% agr = percent agreement, Kripp α = Krippendorff's alpha (nominal), AC1 = Gwet's AC1, "
    "BP = Brennan–Prediger, α_U = Krippendorff's unitizing alpha (pooled row: overall α_U), "
    "seg = share of segments matched, seg κ = MAXQDA's segment kappa, F1 = segment F1"
)


def fmt(value: float | None, digits: int = 3) -> str:
    """A figure as text: three decimals, or an em dash when undefined."""
    return "—" if value is None else f"{value:.{digits}f}"


def documents_phrase(documents: list[str], limit: int = 8) -> str:
    """`N documents (A, B, …)` naming up to `limit` ids."""
    shown = ", ".join(documents[:limit]) + (", …" if len(documents) > limit else "")
    noun = "document" if len(documents) == 1 else "documents"
    return f"{len(documents)} {noun} ({shown})" if documents else "no documents"
