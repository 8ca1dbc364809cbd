"""The demo council's own forms: the ones Ashdown's administrator built at /admin/forms for
the services its pages describe (report a missed bin, claim help with rent, ...), beside the
built-in ones in ieg/casework/eform_definitions.py. Loaded through the form builder's own services,
as an administrator would make them, and made live.

A form's case type is the one Ashdown's casework already uses for that kind of enquiry
(the same slug as ieg/demo/casework.py's topics), so the staff lists do not show two
case types for one thing. `flask ieg demo` runs this again safely: forms that exist are
left alone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.casework import form_builder
from ieg.models import CaseType, EForm, Section

# The top-level LGIL interaction types a form offers (BVPI 157), as in ieg/casework/eform_definitions.py.
SERVICE, REVENUE, INFORMATION, BENEFITS, REGULATION = 0, 2, 8, 7, 9


@dataclass(frozen=True)
class Question:
    answer_type: str  # a key of form_builder.ANSWER_TYPES
    label: str
    hint: str = ""
    required: bool = True
    options: tuple[str, ...] = ()
    missing: str = ""
    future: bool = False  # dates: may be after today
    # "subject" or "location": the answer that becomes the enquiry's subject (else the form's
    # title) or location (else the resident's address, when asked)
    role: str = ""


@dataclass(frozen=True)
class DemoForm:
    slug: str
    title: str
    intro: str
    case_type: str  # slug
    case_type_name: str
    section: str
    outcomes: str
    lgsl: tuple[int, ...]
    lgil: int | None
    questions: tuple[Question, ...]
    resolution_days: int = 10


def _contact(address: bool = False, phone_required: bool = False) -> tuple[Question, ...]:
    """The resident's own details, asked last, as the built-in forms do."""
    where = (Question("address", "Your address"), Question("postcode", "Postcode")) if address else ()
    return (*where, Question("name", "Full name"),
            Question("email", "Email address", hint="We will send your reference and our reply to this address."),
            Question("phone", "Telephone number", required=phone_required,
                     hint="We will call you about this." if phone_required
                     else "In case we need to call you about this."))


_PHOTO = Question("photo", "Photo", required=False, hint="A JPG, PNG, GIF, WEBP or HEIC image smaller than 10 MB.")

FORMS: tuple[DemoForm, ...] = (
    DemoForm(
        "report-a-missed-bin", "Report a missed bin",
        "Tell us which bin we did not empty, by 5pm on the working day after your collection day. We will "
        "come back within 2 working days.",
        "missed-collection", "Missed bin collection", "waste-and-recycling", "R7, R27, R28", (524,), SERVICE,
        (Question("radios", "Which bin did we miss?", role="subject", missing="Select which bin we missed",
                  options=("Green general waste bin", "Blue recycling bin", "Brown food caddy",
                           "Brown garden waste bin")),
         Question("date", "Your collection day", hint="For example, 27 3 2026.",
                  missing="Enter your collection day"),
         *_contact(address=True)), resolution_days=5),
    DemoForm(
        "apply-for-an-assisted-bin-collection", "Apply for an assisted bin collection",
        "If nobody in your home can move your bins, our crews can collect them from where you keep them. "
        "We will tell you within 10 working days if we can help.",
        "assisted-collection", "Assisted bin collection request", "waste-and-recycling", "R27, R28", (854,),
        SERVICE,
        (Question("textarea", "Why can nobody in your home move the bins?",
                  missing="Enter why nobody in your home can move the bins"),
         Question("textarea", "Where do you keep your bins?", missing="Enter where you keep your bins",
                  hint="And anything our crews need to know, like a gate code."),
         *_contact(address=True))),
    DemoForm(
        "subscribe-to-garden-waste-collections", "Subscribe to garden waste collections",
        "We collect garden waste every 2 weeks from March to November, for £52 a year. We will call you to "
        "take payment, then deliver your brown bin.",
        "garden-waste", "Garden waste subscription", "waste-and-recycling", "R27, R28", (530,), SERVICE,
        (Question("radios", "Do you already have a brown garden waste bin?", options=("Yes", "No"),
                  missing="Select yes if you already have a brown garden waste bin"),
         *_contact(address=True, phone_required=True))),
    DemoForm(
        "order-a-bin", "Order a new or replacement bin",
        "We deliver bins within 15 working days. Write your house number on your new bin.",
        "bin-order", "New or replacement bin", "waste-and-recycling", "R7, R27, R28", (526,), SERVICE,
        (Question("radios", "Which bin do you need?", role="subject", missing="Select which bin you need",
                  options=("Green general waste bin", "Blue recycling bin", "Brown food caddy",
                           "Kitchen food caddy")),
         Question("radios", "Why do you need it?", missing="Select why you need the bin",
                  options=("It is broken", "It is lost or stolen", "I have moved into a new home")),
         *_contact(address=True))),
    DemoForm(
        "apply-for-a-council-tax-discount", "Apply for a council tax discount or exemption",
        "Tell us which discount or exemption you think you can get. We will write to you with our decision "
        "and a new bill.",
        "council-tax-discount", "Council tax discount or exemption", "council-tax", "R27, R28", (59, 60, 61),
        REVENUE,
        (Question("radios", "Which discount or exemption?", role="subject",
                  missing="Select which discount or exemption you are applying for",
                  options=("Single person discount: I am the only adult in my home",
                           "Everyone in my home is a student", "Disabled band reduction",
                           "My property is empty", "Something else")),
         Question("date", "From what date?", hint="For example, 1 4 2026.",
                  missing="Enter the date the discount or exemption should start from"),
         Question("text", "Council tax account number", required=False,
                  hint="It is at the top of your bill. It helps us find your account quickly."),
         Question("textarea", "Anything else we should know", required=False),
         *_contact(address=True))),
    DemoForm(
        "claim-help-with-rent-or-council-tax", "Claim help with rent or council tax",
        "Start a claim for Housing Benefit, Council Tax Reduction or a discretionary housing payment. Your "
        "claim counts from the day you send this form. We will call you within 1 working day to take the "
        "rest of your details and tell you what proof to send.",
        "benefit-claim", "Benefit claim", "benefits", "R16, R27, R28", (69, 63, 1148), BENEFITS,
        (Question("radios", "What do you want to claim?", role="subject", missing="Select what you want to claim",
                  options=("Housing Benefit", "Council Tax Reduction", "Housing Benefit and Council Tax Reduction",
                           "A discretionary housing payment")),
         Question("radios", "Do you get Universal Credit?", options=("Yes", "No"),
                  missing="Select yes if you get Universal Credit"),
         *_contact(address=True, phone_required=True))),
    DemoForm(
        "tell-us-about-a-change-of-circumstances", "Tell us about a change of circumstances",
        "If you get Housing Benefit or Council Tax Reduction, tell us within one month about any change to "
        "your income, your household or your rent.",
        "benefit-change", "Benefit change of circumstances", "benefits", "R16, R27, R28", (370,), BENEFITS,
        (Question("radios", "What has changed?", role="subject", missing="Select what has changed",
                  options=("My income or savings", "Who lives with me", "My rent", "Something else")),
         Question("date", "Date of the change", hint="For example, 1 4 2026.",
                  missing="Enter the date of the change"),
         Question("textarea", "Tell us about the change", missing="Enter what has changed"),
         *_contact(address=True))),
    DemoForm(
        "report-a-breach-of-planning-control", "Report a breach of planning control",
        "Tell us about building work or a change of use that may not have planning permission. We will not "
        "tell the owner who reported it.",
        "planning-enforcement", "Planning enforcement report", "planning", "R7, R27, R28", (1158,), REGULATION,
        (Question("textarea", "Address of the site", role="location", missing="Enter the address of the site"),
         Question("textarea", "What is happening?", role="subject", missing="Enter what is happening"),
         Question("date", "When did it start?", required=False, hint="For example, 1 4 2026."),
         _PHOTO, *_contact()), resolution_days=15),
    DemoForm(
        "report-a-light-fault", "Report a light fault",
        "For lights in council car parks, parks and footpaths. Lights on roads are looked after by Westshire "
        "County Council.",
        "street-light", "Street light fault", "roads-and-transport", "R7, R27, R28", (564,), SERVICE,
        (Question("location", "Where is the light?", role="location", missing="Enter where the light is",
                  hint="The car park, park or footpath, and the number on the lamp post if it has one."),
         Question("radios", "What is wrong with it?", role="subject", missing="Select what is wrong with the light",
                  options=("It is out", "It is on all day", "It flickers", "It is damaged")),
         *_contact())),
    DemoForm(
        "report-a-street-cleaning-problem", "Report a street cleaning problem",
        "Tell us about litter, broken glass, leaves, needles or a full litter bin. We clear needles and broken "
        "glass within 24 hours.",
        "street-cleaning", "Street cleaning report", "roads-and-transport", "R7, R27, R28", (582,), SERVICE,
        (Question("radios", "What is the problem?", role="subject", missing="Select what the problem is",
                  options=("Litter or rubbish", "Broken glass", "Leaves or mud", "Needles or syringes",
                           "A full litter bin")),
         Question("location", "Where is it?", role="location", missing="Enter where the problem is",
                  hint="The street and the nearest house number or landmark."),
         _PHOTO, *_contact()), resolution_days=5),
    DemoForm(
        "report-a-noise-problem", "Report a noise problem",
        "Tell us about noise that keeps happening. We will send you diary sheets to record it. For noise "
        "happening now on a Friday or Saturday night, call 01632 960999.",
        "noise-complaint", "Noise complaint", "environmental-health", "R7, R27, R28", (412,), REGULATION,
        (Question("radios", "What kind of noise?", role="subject", missing="Select what kind of noise it is",
                  options=("Music or parties", "A barking dog", "An alarm", "Building work", "Something else")),
         Question("textarea", "Where does the noise come from?", role="location", hint="The address, if you know it.",
                  missing="Enter where the noise comes from"),
         Question("textarea", "When does it happen?", missing="Enter when the noise happens",
                  hint="For example, most nights after 11pm."),
         *_contact(address=True))),
    DemoForm(
        "report-dog-fouling", "Report dog fouling",
        "Tell us where dog fouling keeps happening, and when. Our dog wardens will patrol the area.",
        "dog-fouling", "Dog fouling report", "environmental-health", "R7, R27, R28", (577,), SERVICE,
        (Question("location", "Where does it happen?", role="location", missing="Enter where it happens",
                  hint="The street, park or footpath."),
         Question("textarea", "When does it usually happen?", required=False),
         Question("textarea", "Describe the dog and its owner, if you can", required=False),
         *_contact())),
    DemoForm(
        "report-a-problem-in-a-park", "Report a problem in a park",
        "Tell us about damaged play equipment, litter, vandalism or anything else wrong in a park or open space.",
        "park-problem", "Park problem report", "leisure-and-culture", "R7, R27, R28", (461,), SERVICE,
        (Question("text", "Which park or open space?", role="location", missing="Enter which park or open space"),
         Question("textarea", "What is the problem?", role="subject", missing="Enter what the problem is",
                  hint="And where in the park it is."),
         _PHOTO, *_contact()), resolution_days=5),
    DemoForm(
        "join-the-allotment-waiting-list", "Join the allotment waiting list",
        "You must live in Ashdown district. We offer plots in the order people joined the list.",
        "allotment-application", "Allotment waiting list", "leisure-and-culture", "R27, R28", (510,), SERVICE,
        (Question("radios", "What size of plot do you want?", role="subject", missing="Select the size of plot",
                  options=("Full plot", "Half plot", "Quarter plot")),
         Question("text", "Which site would you prefer?", required=False,
                  hint="Leave it empty for the first plot free at any site."),
         *_contact(address=True))),
    DemoForm(
        "report-anti-social-behaviour", "Report anti-social behaviour",
        "Tell us what happened. If someone is in danger or a crime is happening now, call 999. We will not "
        "tell anyone you reported it.",
        "anti-social-behaviour", "Anti-social behaviour report", "community-and-living", "R7, R27, R28", (1485,),
        SERVICE,
        (Question("textarea", "What happened?", role="subject", missing="Enter what happened"),
         Question("textarea", "Where did it happen?", role="location", missing="Enter where it happened"),
         Question("date", "When did it happen?", hint="For example, 1 4 2026.",
                  missing="Enter when it happened"),
         Question("textarea", "Anything that could identify those involved", required=False),
         *_contact())),
    DemoForm(
        "register-a-food-business", "Register a food business",
        "Register at least 28 days before you start trading. It is free.",
        "food-registration", "Food business registration", "environmental-health", "R27, R28", (390,), REGULATION,
        (Question("text", "Name of the business", role="subject", missing="Enter the name of the business"),
         Question("textarea", "Address of the business", role="location", missing="Enter the address of the business",
                  hint="Or the address you run it from, if you trade from a van or a market stall."),
         Question("radios", "What kind of food business is it?", missing="Select what kind of food business it is",
                  options=("Restaurant, cafe or takeaway", "Shop", "Home caterer or childminder",
                           "Food van or market stall", "Something else")),
         Question("date", "When will you start trading?", future=True, hint="For example, 1 6 2026.",
                  missing="Enter when you will start trading"),
         *_contact())),
    DemoForm(
        "make-a-freedom-of-information-request", "Make a freedom of information request",
        "Ask for information the council holds. We reply within 20 working days.",
        "foi-request", "Freedom of information request", "about-the-council", "R27, R28", (722,), INFORMATION,
        (Question("textarea", "What information do you want?", role="subject", missing="Enter what information you want",
                  hint="Be as exact as you can: dates, places and the service it is about help us find it."),
         Question("radios", "How would you like to get it?", options=("By email", "On paper, by post"),
                  missing="Select how you would like to get the information"),
         *_contact()), resolution_days=20),
)


def _case_type(session: Session, form: DemoForm) -> CaseType:
    """The case type the casework already uses, else a new one as the form builder makes it."""
    kind = session.scalar(select(CaseType).where(CaseType.slug == form.case_type))
    if kind is None:
        section = session.scalar(select(Section).where(Section.slug == form.section))
        kind = CaseType(slug=form.case_type, name=form.case_type_name, section=section,
                        outcome_refs=list(form_builder.outcome_refs(form.outcomes)),
                        resolution_days=form.resolution_days)
        session.add(kind)
    if not kind.lgsl_ids and form.lgil is not None:
        kind.lgsl_ids, kind.lgil_id = list(form.lgsl), form.lgil
    session.flush()
    return kind


def load(session: Session, admin, now: datetime) -> int:
    """Make each demo form that is missing, live. Returns how many were made."""
    made = 0
    existing = set(session.scalars(select(EForm.slug)))
    for form in FORMS:
        if form.slug in existing:
            continue
        kind = _case_type(session, form)
        record = form_builder.save_details(session, None, form_builder.DetailsInput(
            slug=form.slug, title=form.title, intro=form.intro, case_type="existing", case_type_id=str(kind.id)),
            admin)
        roles: dict[str, str] = {}
        for question in form.questions:
            saved = form_builder.save_question(session, record, None, form_builder.QuestionInput(
                answer_type=question.answer_type, label=question.label, hint=question.hint,
                required="yes" if question.required else "no", options="\n".join(question.options),
                missing=question.missing, future="yes" if question.future else "no"), admin)
            if question.role:
                roles[question.role] = saved["name"]
        # Where the problem is; else the resident's own address, when the form asks for it.
        location = roles.get("location") or ("address" if any(q["name"] == "address" for q in record.fields)
                                             else "")
        form_builder.set_enquiry_answers(session, record, roles.get("subject", ""), list(record.description_fields),
                                         location, admin)
        form_builder.set_live(session, record, True, admin)
        record.created_at = record.updated_at = now
        made += 1
    session.flush()
    return made
