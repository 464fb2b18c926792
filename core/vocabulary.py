"""The fixed answer lists of the report form (gdpr.md §3; AP form 6.1, 6.2, 7.1)."""

PERSONAL_DATA = (
    "name_address",
    "contact",
    "login",
    "financial",
    "id_copy",
    "birth_sex_age",
    "bsn",
    "student_results",
    "health",
    "criminal",
    "other",
)
SUBJECT_GROUPS = ("pupils", "parents", "employees", "applicants", "customers", "patients", "other")
