"""The demo's fixed data: logins, reviewers, topics and the article body template."""

from datetime import date
from pathlib import Path

from django.conf import settings

DEMO_PASSWORD = "recheck-demo-2026"
SAMPLE_SHEET = settings.BASE_DIR / "samples" / "000_a4a6a23edc28d406.txt"

# username, first name, last name, group, superuser. Only content admins (and the superuser) are
# staff: editors and reviewers do all their work in the workspace, never in /admin/.
USERS = [
    ("admin", "Ada", "Admin", "Content admins", True),
    ("editor", "Ellen", "Editor", "Editors", False),
    ("editor2", "Evan", "Editorson", "Editors", False),
    ("reviewer", "Maya", "Patel", "Medical reviewers", False),
    ("pharmacist", "Omar", "Haddad", "Medical reviewers", False),
]

# full name, credentials, specialty, username, credentials expire (days from as-of; None = no).
# Those without a username cannot sign in Recheck: they are names printed on sheets (the sample
# sheet's reviewers are credited by its imported signatures).
REVIEWERS = [
    ("Maya Patel", "MD", "Internal medicine", "reviewer", 700),
    ("Omar Haddad", "PharmD", "Clinical pharmacy", "pharmacist", 400),
    ("Jessica Gotwals", "RN BSN MPH", "Oncology nursing", None, None),
    ("Susan K. Dempsey-Walls", "RN", "Nursing", None, None),
    ("Lena Brooks", "MSN NP", "Family practice", None, -30),
]

TOPICS = {
    "Asthma": ["Using a Metered-Dose Inhaler", "Asthma Action Plans", "Asthma in Children"],
    "Atrial Fibrillation": ["Blood Thinners", "What Is Atrial Fibrillation?", "Cardioversion"],
    "Breast Cancer": ["Radiation Therapy", "Hormone Therapy", "Understanding Your Pathology"],
    "Chronic Kidney Disease": ["Diet Basics", "Preparing for Dialysis", "Stages of CKD"],
    "COPD": ["Pulmonary Rehabilitation", "Using Oxygen at Home", "Managing Flare-Ups"],
    "Depression": ["Antidepressant Medicines", "Talk Therapy", "Helping a Loved One"],
    "Diabetes, Type 2": ["Checking Your Blood Sugar", "Insulin Basics", "Foot Care"],
    "Heart Failure": ["Daily Weight Checks", "Limiting Salt", "Medicines for Heart Failure"],
    "Hypertension": ["Home Blood Pressure Monitoring", "The DASH Eating Plan", "Medicines"],
    "Migraine": ["Preventive Treatment", "Tracking Your Triggers", "Acute Treatment"],
    "Osteoporosis": ["Bone Density Testing", "Preventing Falls", "Bisphosphonates"],
    "Pneumonia": ["Recovering at Home", "Vaccines That Help Prevent Pneumonia", "When to Call"],
    "Stroke": ["Warning Signs", "Rehabilitation After Stroke", "Lowering Your Risk"],
    "Thyroid Disorders": ["Hypothyroidism", "Thyroid Blood Tests", "Radioactive Iodine"],
    "Urinary Tract Infection": ["Antibiotic Treatment", "Preventing UTIs", "UTIs in Older Adults"],
}

BODY = """{intro}

## What you need to know

{topic} affects people in different ways.
Your care team will explain how {subject} fits into your plan.

- Ask which symptoms to report right away.
- Keep a written list of your medicines.
- Bring your questions to each appointment.

## When to call your health care provider

Call your provider if your symptoms get worse, or if you have new symptoms."""

# Sheets that use the rich constructs (numbered steps, tables, callouts, links): by title.
RICH_BODIES = {
    "Diabetes, Type 2: Insulin Basics": """Insulin lowers your blood sugar. This sheet explains \
how to inject it and how much to take.

## How to inject insulin with a pen

1. Wash your hands and check the label: right insulin, not expired.
2. Attach a new needle and **prime the pen** with 2 units.
3. Pinch the skin of your belly or thigh and insert the needle straight in.
4. Press the button and *count to 10* before you pull the needle out.

## Your doses

| Time | Insulin | Dose |
| --- | --- | --- |
| Breakfast | Rapid-acting | As your care team set it |
| Bedtime | Long-acting | The same dose every night |

::: warning
Never share a pen with another person, even if you change the needle.
:::

::: emergency
Call 911 if you have low blood sugar and cannot eat or drink, or if you pass out.
:::

See [checking your blood sugar](article:diabetes-type-2-checking-your-blood-sugar) for when \
to test.""",
    "Heart Failure: Daily Weight Checks": """Weighing yourself every day shows fluid building \
up before you feel it.

## How to weigh yourself

1. Weigh yourself each morning after you pass urine and before you eat.
2. Use the same scale, in the same kind of clothes.
3. Write the number down, or use the log your care team gave you.

## What a change means

| Change | What to do |
| --- | --- |
| Up 2 to 3 pounds in a day | Call your health care provider today |
| Up 5 pounds in a week | Call your health care provider today |
| Steady | Keep going: you are doing well |

::: note
Bring your weight log to every appointment.
:::

::: warning
Swelling in your legs or feet, or a cough that won't go away, can mean fluid is building up.
:::""",
    "Stroke: Warning Signs": """A stroke is an emergency. Quick treatment can save brain \
tissue.

::: emergency
Call **911** right away if you see any sign below, even if it goes away. Note the time it began.
:::

## Remember BE FAST

1. **B**alance: sudden loss of balance.
2. **E**yes: sudden trouble seeing.
3. **F**ace: one side of the face droops.
4. **A**rms: one arm drifts down.
5. **S**peech: slurred or strange speech.
6. **T**ime: call 911 now.

## Do and don't

| Do | Don't |
| --- | --- |
| Call 911 | Drive yourself to the hospital |
| Note the time symptoms began | Take aspirin unless told to |

Read more in [lowering your risk](article:stroke-lowering-your-risk).""",
}

# Public drug data, a small snapshot in the formats the FDA and NLM publish (the same files as
# tests/fixtures/drugdata, whose README names their sources): the Drugs@FDA approval of
# revumenib flags the sample sheet, which names it; nothing is typed in by hand.
DRUG_DATA = Path(__file__).resolve().parent / "drugdata"

# A sheet that names its drug only by the brand: the boxed warning on the ingredient's label
# (revumenib, REVUFORJ's first label) flags it, through RxNorm/openFDA's brand-to-ingredient
# names. Reviewed before that label, on a fixed date.
BRAND_SHEET = {
    "title": "Acute Leukemia: Starting Revuforj",
    "topic": "Acute Leukemia",
    "reviewed_on": date(2024, 6, 3),
    "markup": """Your care team may offer Revuforj if your leukemia came back or did not \
respond to treatment.

## How to take it

- Take the tablets twice a day, as your care team tells you.
- Keep every blood test and heart test appointment.

## When to call

Call your care team right away if you have a fever, trouble breathing, or swelling.""",
}

# Readers' reports on demo sheets (by title), so the triage list has work on it:
# (title, message, days ago).
READER_REPORTS = [
    (
        "Asthma: Using a Metered-Dose Inhaler",
        "The picture of the spacer does not match the steps: step 3 says to shake the inhaler "
        "after attaching it.",
        2,
    ),
    (
        "Diabetes, Type 2: Checking Your Blood Sugar",
        "Is the target range before meals still 80 to 130? My clinic gave me a different one.",
        1,
    ),
]

# The languages a demo reviewer reviews in, beyond the default (by full name): Maya signs the
# Spanish versions below.
REVIEWER_LANGUAGES = {"Maya Patel": "en es"}

# Spanish versions of two demo sheets, written as Spanish sheets (their footer labels make them
# Spanish) and imported as translations: (file, the source's slug, imported how many days ago).
# The leukemia one is up to date with its source; the stroke one goes out of date when its
# source changes clinically (``SOURCE_CHANGE``), after it was imported.
SPANISH_SHEETS = Path(__file__).resolve().parent / "sheets" / "es"
LANGUAGE_VERSIONS = [
    (
        SPANISH_SHEETS / "leucemia-linfocitica-aguda-terapia-dirigida.txt",
        "acute-lymphocytic-leukemia-targeted-therapy",
        0,
    ),
    (
        SPANISH_SHEETS / "accidente-cerebrovascular-senales-de-advertencia.txt",
        "stroke-warning-signs",
        60,
    ),
]

# A clinical change to the stroke sheet's English source, made and signed after its Spanish
# version was imported: that version is then behind its source (``translation_outdated``).
SOURCE_CHANGE = {
    "slug": "stroke-warning-signs",
    "reason": "Blood thinners: tell the emergency team",
    "paragraph": "If you take a blood thinner, tell the emergency team right away: it changes "
    "which treatments are safe for you.",
    "days_ago": 20,
}
