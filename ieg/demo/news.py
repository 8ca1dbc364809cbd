"""The demo council's news: two years of press releases (fictional, about 100, a category each),
spread over the dates, and the communications team's publisher.

Written in bulk (pages, their one revision and their created/submitted/published history added
together, a flush per kind; those older than the site brought over from the old one at its launch), without
audit entries, as the demo's other bulk content is: the audit
log holds what people did, and nobody did this. Nothing is alerted: the articles are older than the
news-alerts job looks back. Idempotent: nothing is added once the News section has pages. Drawn from
a fixed seed, so every load is the same."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from ieg.content import markdown, pages
from ieg.demo.history import LONDON, launched_at, local, set_up_at, weekday
from ieg.models import NewsArticle, NewsCategory, Page, PageEvent, PageRevision, Section, User
from ieg.models.content import PUBLISHED
from ieg.news.articles import NEWS_SECTION
from ieg.news.rules import category_slug
from ieg.people.accounts import create_user

PRESS_EMAIL = "press"  # @domain: the demo's communications officer (a publisher of News)
DAYS = 730
CONTACT = "Communications team, 01632 960200, press@{domain}"

# category -> (section the story links to, headlines). Places, people and figures are fictional.
STORIES = {
    "Environment": ("waste-and-recycling", (
        "Recycling rate rises to 52 per cent", "Food waste collections start in Ashdown villages",
        "Fly-tipper fined £1,200 after Mill Lane clean-up", "Garden waste subscriptions open for the new year",
        "New bottle banks for Station Road car park", "Litter pick volunteers collect 400 bags in a month",
        "Council plants 2,000 trees along the River Ash", "Electric refuse lorry joins the fleet",
        "Christmas collection days change", "Textile recycling comes to the kerbside",
        "Clean air zone around three primary schools", "Repair café opens at Ashdown library",
        "Wildflower verges return to the bypass", "Dog fouling patrols step up")),
    "Council tax": ("council-tax", (
        "Council tax bills on their way", "Council agrees next year's budget",
        "Single person discount review begins", "More residents pay council tax by direct debit",
        "Help with council tax for people on low incomes", "Empty homes premium to rise",
        "How your council tax is spent this year", "Online council tax account launched",
        "Energy rebate paid to 18,000 households", "Council tax reduction scheme consultation results", "Pay your bill in 12 instalments",
        "Second homes premium agreed", "Scam warning: fake council tax refund texts")),
    "Planning": ("planning", (
        "Local plan submitted for examination", "Town centre conservation area extended",
        "Planning applications now online only", "Enforcement notice served on Victoria Terrace extension",
        "Neighbourhood plan for Ashdown Green adopted", "New design guide for shop fronts",
        "Planning committee approves 120 homes at Brook Farm", "Building control wins regional award",
        "Solar panels on listed buildings: new guidance", "Brownfield register updated",
        "Tree preservation orders: what owners need to know", "Planning fees change nationally")),
    "Housing": ("housing", (
        "Forty new affordable homes handed over", "Winter shelter opens for rough sleepers",
        "Grants for warmer homes extended", "Landlord licensing scheme starts in the town centre",
        "Housing register review: what changes", "Disabled facilities grants help 150 homes",
        "Empty shop flats brought back into use", "New homelessness prevention team",
        "Damp and mould: landlords reminded of their duties", "Sheltered housing scheme modernised",
        "Rent deposit scheme helps 60 families")),
    "Community": ("community-and-living", (
        "Community grants open for applications", "Volunteers thanked at civic awards",
        "Remembrance Sunday road closures", "Warm spaces open in libraries and halls this winter",
        "Ashdown in Bloom wins gold", "Cost of living support: where to get help",
        "New community safety partnership plan", "Armed Forces Covenant signed again",
        "Youth council elections", "Community centre on Church Street reopens",
        "Holiday activities and food programme returns", "Defibrillators installed in six villages")),
    "Leisure and culture": ("leisure-and-culture", (
        "Leisure centre pool reopens after refurbishment", "Summer reading challenge breaks records",
        "Free swimming for under-16s in the holidays", "Museum's Roman coin hoard goes on show",
        "Park run comes to Riverside Park", "Outdoor cinema season announced",
        "Library opening hours extended on Saturdays", "New skate park opens at Ashdown Green",
        "Heritage open days: 30 buildings to visit", "Tennis courts refurbished in Riverside Park",
        "Arts festival returns to the Market Square", "Allotment waiting list reopens")),
    "Roads and transport": ("roads-and-transport", (
        "Street lights switch to LED", "Town centre car parks take card payments",
        "Mill Lane bridge repairs: diversion in place", "Winter gritting routes published",
        "New electric vehicle charging points in council car parks", "Bus pass renewals: apply online",
        "Twenty miles an hour near schools", "Potholes: 1,400 repaired this spring", "Free parking on Saturdays in December",
        "Cycle route links the station and the town centre", "Resident parking permits go digital")),
    "Business": ("business", (
        "Small business rates relief: check if you qualify", "Market traders welcome new stalls",
        "Shop local campaign for the festive season", "Food hygiene ratings: 9 in 10 rated good or better",
        "Business grants for high street shop fronts", "New licensing policy adopted",
        "Enterprise hub opens in the old post office", "Taxi licence fees consultation",
        "Apprenticeship fair at the Corn Exchange", "Business waste collections: new prices")),
    "Democracy": ("councillors-and-democracy", (
        "Annual canvass: check your details", "New Mayor of Ashdown chosen",
        "Polling stations confirmed for the local elections", "Council meetings now streamed online",
        "By-election result for Riverside ward", "Councillors agree climate action plan",
        "Have your say on council meeting times", "Boundary review: new wards proposed",
        "Voter ID: what to bring to the polling station", "Petition scheme updated")),
}
QUOTED = ("Councillor Asha Patel, Leader of the Council", "Councillor Tom Reid, Cabinet Member for the Environment",
          "Councillor Grace Okafor, Cabinet Member for Finance", "Councillor Ben Hughes, Cabinet Member for Housing",
          "Councillor Lily Chen, Cabinet Member for Communities")


def _body(title: str, category: str, link_section: str, section_title: str, rng: random.Random) -> str:
    quote = rng.choice(QUOTED)
    return (f"## What is happening\n\n{title}. Ashdown District Council announced the news today; "
            f"residents can find out more on our [{section_title.lower()} pages](/{link_section}/).\n\n"
            f"## What the council says\n\n{quote} said: \"This matters to people across Ashdown, and we are "
            f"pleased to be able to share it.\"\n\n"
            f"## Notes to editors\n\nThis press release is about {category.lower()}. Photographs are available "
            "from the communications team.\n")


def load(session: Session, now: datetime, domain: str) -> int:
    """Add the demo's news unless the News section has pages already. Returns how many articles."""
    news = session.scalar(select(Section).where(Section.slug == NEWS_SECTION))
    if news is None or session.scalar(select(Page.id).where(Page.section_id == news.id).limit(1)) is not None:
        return 0
    press = session.scalar(select(User).where(User.email == f"{PRESS_EMAIL}@{domain}"))
    if press is None:
        from ieg.demo.people import DEMO_PASSWORD
        press = create_user(session, email=f"{PRESS_EMAIL}@{domain}", name="Pia Press", password=DEMO_PASSWORD,
                            grants=((news, "publisher"),))
        press.created_at = set_up_at(now)
    existing = {c.name: c for c in session.scalars(select(NewsCategory))}
    for position, name in enumerate(STORIES):
        if name not in existing:
            existing[name] = NewsCategory(slug=category_slug(name), name=name, position=position)
            session.add(existing[name])
    titles = {slug: title for slug, title in session.execute(select(Section.slug, Section.title))}
    rng = random.Random(2026)
    stories = [(category, link, title) for category, (link, headlines) in STORIES.items() for title in headlines]
    rng.shuffle(stories)
    today = now.astimezone(LONDON).date()
    gap = DAYS / len(stories)
    written = []
    for number, (category, link, title) in enumerate(stories):
        day = weekday(today - timedelta(days=int(DAYS - number * gap) - rng.randint(0, 2)))
        published = local(day, rng.choice((9, 10, 11, 14)), rng.choice((0, 15, 30)))
        if published > now - timedelta(days=3):  # the newest is days old, so no alert is due for any
            published = now - timedelta(days=3)
        written.append((category, link, title, published))
    # Articles older than the site were brought over from the old one the day before it went live,
    # keeping their dates; later ones were written three hours before they were published.
    imported = launched_at(now) - timedelta(days=1)
    page_rows, made = [], []
    for category, link, title, published in written:
        made.append(min(published - timedelta(hours=3), imported))
        page_rows.append(Page(section_id=news.id, slug=pages.slugify(title), status=PUBLISHED,
                              owner_name="Communications team", first_published_at=published,
                              last_published_at=published, created_at=made[-1], updated_at=max(published, made[-1])))
    session.add_all(page_rows)
    session.flush()
    revisions = []
    for page, created, (category, link, title, published) in zip(page_rows, made, written):
        body = _body(title, category, link, titles.get(link, category), rng)
        summary = f"{title}: news from Ashdown District Council."
        data = pages.PageInput(title=title, summary=summary, body_markdown=body, slug=page.slug,
                               owner_name="Communications team")
        revisions.append(PageRevision(page_id=page.id, number=1, title=title, summary=summary, body_markdown=body,
                                      body_html=markdown.render(body), meta=data.meta(), author_id=press.id,
                                      created_at=created))
    session.add_all(revisions)
    session.flush()
    events, details = [], []
    for page, revision, created, (category, _, _, published) in zip(page_rows, revisions, made, written):
        page.latest_revision_id = page.live_revision_id = revision.id
        if created < published:
            steps = (("created", created, ""), ("submitted", published - timedelta(hours=2), ""),
                     ("published", published, ""))
        else:  # brought over from the old site, first published there
            steps = (("created", created, f"Brought over from the old website; first published there on "
                                          f"{published.astimezone(LONDON):%d %B %Y}"), ("published", created, ""))
        for action, at, comment in steps:
            events.append(PageEvent(page_id=page.id, revision_id=revision.id, actor_id=press.id, action=action, at=at,
                                    comment=comment))
        details.append(NewsArticle(page_id=page.id, category_id=existing[category].id,
                                   press_contact=CONTACT.format(domain=domain), updated_at=published))
    session.add_all(events + details)
    session.flush()
    return len(page_rows)
