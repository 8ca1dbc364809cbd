"""The LGNL top-level headings that group sections in public navigation.

Local Government Navigation List (esd-toolkit, Open Government Licence), 2013 edition.
"""

LGNL_HEADINGS = (
    "About the council",
    "Business and economy",
    "Children and families",
    "Community and living",
    "Council tax and benefits",
    "Education and learning",
    "Environment and waste",
    "Health and social care",
    "Housing",
    "Jobs and careers",
    "Leisure and culture",
    "Planning and development",
    "Transport and streets",
)
