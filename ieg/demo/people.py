"""The demo council's sections (service areas) and one login per role, all with one password.

Demo passwords exist only here and in the README."""
from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "demo-password-2026"

# (slug, title, LGNL top-level heading, summary, contact email local part, phone)
SECTIONS = (
    ("waste-and-recycling", "Waste and recycling", "Environment and waste",
     "Bin collection days, recycling, bulky waste, garden waste and reporting fly-tipping.", "waste", "01632 960101"),
    ("council-tax", "Council tax", "Council tax and benefits",
     "Your council tax bill, bands, paying, discounts and exemptions.", "counciltax", "01632 960102"),
    ("benefits", "Benefits", "Council tax and benefits",
     "Housing benefit, council tax reduction and discretionary payments.", "benefits", "01632 960103"),
    ("housing", "Housing", "Housing",
     "Homelessness, the housing register, private renting and home improvements.", "housing", "01632 960104"),
    ("planning", "Planning and building control", "Planning and development",
     "Planning applications, building regulations, planning policy and enforcement.", "planning", "01632 960105"),
    ("parking", "Parking", "Transport and streets",
     "Car parks, permits, penalty charge notices and appeals.", "parking", "01632 960106"),
    ("roads-and-transport", "Roads and transport", "Transport and streets",
     "Street lighting, street cleaning, concessionary travel and reporting road problems.",
     "transport", "01632 960107"),
    ("environmental-health", "Environmental health", "Environment and waste",
     "Food safety, noise, pollution, pest control and licensing.", "envhealth", "01632 960108"),
    ("libraries", "Libraries", "Leisure and culture",
     "Library opening times, joining, borrowing e-books and local history.", "libraries", "01632 960109"),
    ("leisure-and-culture", "Leisure and culture", "Leisure and culture",
     "Leisure centres, parks, museums, arts and events.", "leisure", "01632 960110"),
    ("councillors-and-democracy", "Councillors and democracy", "About the council",
     "Your councillors, council meetings, agendas and minutes, elections and voting.",
     "democratic.services", "01632 960111"),
    ("community-and-living", "Community and living", "Community and living",
     "Community safety, grants, volunteering and local groups.", "community", "01632 960112"),
    ("business", "Business", "Business and economy",
     "Business rates, licences, tenders and support for local businesses.", "business", "01632 960113"),
    ("about-the-council", "About the council", "About the council",
     "How the council works, budgets and spending, jobs, and contacting us.", "customer.services", "01632 960000"),
    ("schools", "Schools and education", "Education and learning",
     "School admissions, term dates and transport are run by Westshire County Council.",
     "education", "01632 960114"),
    ("adult-social-care", "Adult social care", "Health and social care",
     "Care and support for adults is run by Westshire County Council.", "socialcare", "01632 960115"),
)


@dataclass(frozen=True)
class DemoUser:
    role_description: str
    email: str
    name: str
    roles: tuple[str, ...] = ()
    grants: tuple[tuple[str, str], ...] = ()  # (section slug, section role)
    casework_section: str = ""  # the service queue an officer works


USERS = (
    DemoUser("admin", "admin@ashdown.example.gov.uk", "Alex Admin", roles=("admin",)),
    DemoUser("author (Waste and recycling)", "waste.author@ashdown.example.gov.uk", "Wendy Waste",
             grants=(("waste-and-recycling", "author"),)),
    DemoUser("publisher (Waste and recycling)", "waste.publisher@ashdown.example.gov.uk", "Peter Bins",
             grants=(("waste-and-recycling", "publisher"),)),
    DemoUser("author (Planning and building control)", "planning.author@ashdown.example.gov.uk", "Priya Plans",
             grants=(("planning", "author"),)),
    DemoUser("publisher (Planning and building control)", "planning.publisher@ashdown.example.gov.uk",
             "Paul Permit", grants=(("planning", "publisher"),)),
    DemoUser("contact agent", "contact.agent@ashdown.example.gov.uk", "Chris Contact", roles=("contact_agent",)),
    DemoUser("officer (Waste and recycling queue)", "officer@ashdown.example.gov.uk", "Olivia Officer",
             roles=("officer",), casework_section="waste-and-recycling"),
    DemoUser("councillor", "councillor@ashdown.example.gov.uk", "Cllr Carol Green", roles=("councillor",)),
    DemoUser("auditor", "auditor@ashdown.example.gov.uk", "Audrey Auditor", roles=("auditor",)),
)
