"""Splitting a printed reviewer ('Susan K. Dempsey-Walls RN') into name and credentials."""

# Credentials as printed after a reviewer's name. Matched case-insensitively, dots ignored.
CREDENTIAL_TOKENS = {
    token.upper()
    for token in """
    RN BSN MSN MPH BSPH MD DO PHARMD PHD NP PA PA-C APRN CNS CNM CRNA FNP FNP-BC ANP ANP-BC
    AGNP AGNP-C ACNP DNP DRPH EDD PSYD MBA MHA MPA MS MSC MA BS BSC BA RD LD RDN LDN CDE CDCES
    DDS DMD OD DPM DPT PT OT OTR OTR/L RPH BCPS LPN LVN CCRN OCN IBCLC LCSW LMFT LPC CHES
    FACP FACC FACS FAAP FACOG FAAFP FRCP MBBS MRCP CPNP PNP WHNP RRT CRT CSCS ATC MPAS MSPAS
    """.split()
}


def split_credentials(printed: str) -> tuple[str, str]:
    """'Susan K. Dempsey-Walls RN' -> ('Susan K. Dempsey-Walls', 'RN').

    The credentials are the trailing run of credential tokens (commas allowed between them);
    the rest is the name.
    """
    words = printed.replace(",", " , ").split()
    credentials: list[str] = []
    while words:
        word = words[-1]
        if word == ",":
            words.pop()
            continue
        if word.replace(".", "").upper() in CREDENTIAL_TOKENS and len(words) > 1:
            credentials.insert(0, words.pop())
            continue
        break
    name = " ".join(words).replace(" ,", ",").strip().rstrip(",").strip()
    return name, " ".join(credentials)
