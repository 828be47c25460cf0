"""The demo's fixed data: logins, reviewers, topics and the article body template."""

from datetime import date

from django.conf import settings

from reviews.choices import EventKind

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

# The approval that triggers a review of the sample sheet (it names revumenib).
CLINICAL_EVENT = {
    "term": "Revumenib",
    "event_date": date(2024, 11, 15),
    "kind": EventKind.FDA_APPROVAL,
    "defaults": {
        "synonyms": ["Revuforj"],
        "note": "FDA approval for relapsed or refractory acute leukemia with a KMT2A "
        "translocation.",
    },
}
