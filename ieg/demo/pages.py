"""Demo pages for the fictional Ashdown District Council: pure data and a few small helpers.

Ashdown is a district council in the fictional county of Westshire. Ashdown collects bins, council tax
and business rates, pays housing benefit, decides planning applications, runs car parks, libraries and
leisure centres, and licenses taxis and pubs. Westshire County Council runs schools, adult social care,
children's services, highways maintenance and public transport information, so the demo pages about
those say so and link to the county's service pages (all on .example domains, never real ones).

Nothing here touches the database or reads files: `ieg.demo` loads it. LGSL_SUBSET is copied from the
esd-toolkit navigation list (LGSL, esd-toolkit programme, Open Government Licence), labels with their
whitespace tidied, so the running product needs nothing outside this repository.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

PUBLISHED = "published"
IN_REVIEW = "in_review"
DRAFT = "draft"
STATES = (PUBLISHED, IN_REVIEW, DRAFT)

COUNTY = "Westshire County Council"
COUNTY_SITE = "https://www.westshire.example.gov.uk"


@dataclass(frozen=True)
class DemoPage:
    section: str  # a section slug from ieg.demo.SECTIONS
    slug: str
    title: str
    summary: str
    body: str  # Markdown, as an editor would type it
    owner: str
    lgsl: tuple[int, ...] = ()
    aliases: tuple[str, ...] = ()  # extra A to Z entries
    outcomes: tuple[str, ...] = ()  # priority outcome refs, like "R14"
    parent: str | None = None  # slug of a page defined earlier in the same section
    top_task: bool = False
    state: str = PUBLISHED
    review_overdue: bool = False

    @property
    def key(self) -> tuple[str, str]:
        return self.section, self.slug


def _page(section: str, slug: str, title: str, summary: str, owner: str, body: str, **extra) -> DemoPage:
    return DemoPage(section=section, slug=slug, title=title, summary=summary, owner=owner,
                    body=textwrap.dedent(body).strip() + "\n", **extra)


PAGES: tuple[DemoPage, ...] = (
    # --- Waste and recycling ------------------------------------------------------------------------
    _page(
        "waste-and-recycling", "bin-collection-days", "Bin collection days",
        "Find out which day we collect your bins, what goes out each week and what happens on bank holidays.",
        "Waste and Recycling Team",
        """
        We collect your bins on the same day every week. Food waste goes every week. General waste and
        recycling go on alternate weeks.

        ## Find your collection day

        Your collection day and which bins go out each week are on the collection calendar we deliver
        every March. If you have lost it, call 01632 960101 or [ask us your collection day](/forms/general-enquiry).

        ## Which bins we collect

        | Bin | What it is for | How often |
        |---|---|---|
        | Green wheelie bin | General waste that cannot be recycled | Every 2 weeks |
        | Blue wheelie bin | Mixed recycling | Every 2 weeks |
        | Brown food caddy | Food waste | Every week |
        | Brown wheelie bin | Garden waste, if you subscribe | Every 2 weeks from March to November |

        ## On collection day

        - put your bins out by 7am
        - leave them at the edge of your property with the handle facing the road
        - close the lid: we do not take extra bags left beside a bin
        - take your bins back in by the end of the day

        ## Bank holidays

        After a bank holiday, collections that week move one day later. Christmas and New Year changes
        are shown on the finder from November.

        ## If something goes wrong

        If we did not collect your bin, [report a missed bin](/waste-and-recycling/report-a-missed-bin).
        If you cannot move your bin yourself, you may be able to get an
        [assisted bin collection](/waste-and-recycling/bin-collection-days/assisted-collections).
        """,
        lgsl=(524, 1130), aliases=("Rubbish collection", "Refuse collection", "Wheelie bins", "Bin day"),
        outcomes=("R3", "R7"), top_task=True,
    ),
    _page(
        "waste-and-recycling", "assisted-collections", "Assisted bin collections",
        "If nobody in your home can move your bins, our crews can collect them from your property.",
        "Waste and Recycling Team",
        """
        If you cannot move your bins to the edge of your property, our crews can collect them from where
        you keep them and put them back afterwards.

        ## Who can get an assisted collection

        You can ask for an assisted collection if:

        - you have a disability, an illness or a condition that means you cannot move your bins
        - nobody else aged 16 or over who lives with you can move them

        We may ask for evidence, like a letter from your doctor or a Blue Badge.

        ## How to apply

        [Apply for an assisted bin collection](/forms/apply-for-an-assisted-bin-collection)
        online, or call 01632 960101. Tell us where you keep your bins and anything our crews need to know,
        like a gate code.

        We will tell you within 10 working days if we can help. Assisted collections usually start on
        your next collection day after that.

        ## Checking you still need it

        We check every 2 years that you still need an assisted collection. Tell us sooner if your
        circumstances change, for example if you move home.
        """,
        lgsl=(854,), aliases=("Help putting bins out",), parent="bin-collection-days",
    ),
    _page(
        "waste-and-recycling", "report-a-missed-bin", "Report a missed bin",
        "Tell us if we did not empty your bin on your collection day, and we will come back.",
        "Waste and Recycling Team",
        """
        If we did not empty your bin on your collection day, tell us by 5pm on the next working day.

        ## Before you report it

        Check that:

        - it was your collection day: see [bin collection days](/waste-and-recycling/bin-collection-days)
        - your bin was out by 7am with the lid closed
        - there is no tag on the bin: crews leave a tag when they cannot take a bin, for example
          because the recycling had food waste in it

        ## Report it

        [Report a missed bin collection](/forms/report-a-missed-bin) online.
        You will need your postcode and to say which bin was missed. You can also call 01632 960101.

        You will get a reference number by email. Keep it in case you need to contact us about the
        same collection, and use it to [track your report](/track).

        ## What happens next

        We will come back to empty your bin within 2 working days. Leave the bin out until we have been.

        If your bin was tagged, we will not come back. Sort out the problem the tag describes and put
        the bin out again on your next collection day. See
        [what goes in which bin](/waste-and-recycling/what-goes-in-which-bin) to check.
        """,
        lgsl=(524,), aliases=("Missed bin collection",), outcomes=("R7",), top_task=True,
    ),
    _page(
        "waste-and-recycling", "what-goes-in-which-bin", "Recycling: what goes in which bin",
        "Check which bin to use for paper, plastics, glass, food waste and items we cannot recycle.",
        "Waste and Recycling Team",
        """
        Putting things in the right bin means more of your waste gets recycled. Rinse containers and
        keep everything loose, not in plastic bags.

        ## Blue bin: mixed recycling

        - paper, newspapers, magazines and envelopes
        - cardboard, flattened
        - plastic bottles, pots, tubs and trays
        - food and drink cans, and clean foil
        - glass bottles and jars
        - food and drink cartons

        ## Brown caddy: food waste

        - all cooked and uncooked food, including meat, fish and bones
        - fruit and vegetable peelings
        - tea bags and coffee grounds

        Line your caddy with a compostable bag or newspaper.

        ## Green bin: general waste

        - nappies and sanitary products
        - crisp packets, sweet wrappers and plastic film
        - polystyrene
        - pet waste, bagged

        ## Items that do not go in any bin

        | Item | What to do with it |
        |---|---|
        | Batteries | Put them in a clear bag on top of your blue bin |
        | Small electrical items | Take them to a [household waste recycling centre](/waste-and-recycling/recycling-centres) |
        | Textiles and shoes | Use a textile bank or a charity shop |
        | Furniture and large items | Book a [bulky waste collection](/waste-and-recycling/bulky-waste) |
        """,
        lgsl=(851, 1423),
        aliases=("Recycling", "Food waste recycling", "Glass recycling", "Plastics recycling"),
        outcomes=("R3",),
    ),
    _page(
        "waste-and-recycling", "garden-waste", "Garden waste collection subscription",
        "Subscribe to fortnightly garden waste collections from March to November for £52 a year.",
        "Waste and Recycling Team",
        """
        Garden waste collection is a service you pay for. We empty your brown bin every 2 weeks from
        March to November.

        ## How much it costs

        | Subscription | Cost from 1 March 2026 |
        |---|---|
        | First brown bin | £52 a year |
        | Each extra brown bin | £40 a year |
        | If you get Council Tax Reduction | £26 a year for the first bin |

        ## Subscribe or renew

        [Subscribe to garden waste collections](/forms/subscribe-to-garden-waste-collections)
        online. We will call you to take payment by debit or credit card, or to set up a Direct Debit so
        it renews each year.

        If you are new to the service, we will deliver a brown bin within 15 working days. Collections
        start on your next garden waste day after the bin arrives.

        ## What you can put in your brown bin

        - grass cuttings, leaves and weeds
        - hedge trimmings and small branches
        - flowers and plants

        Do not put in soil, turf, food waste or plastic bags.

        ## Composting at home

        You can buy a home compost bin at a discount through our partner scheme. Ask for details when
        you subscribe, or call 01632 960101.
        """,
        lgsl=(530,), aliases=("Brown bin", "Green waste"), top_task=True,
    ),
    _page(
        "waste-and-recycling", "bulky-waste", "Bulky waste collection",
        "Book a collection for furniture, large electrical items and other things too big for your bin.",
        "Waste and Recycling Team",
        """
        We collect large household items like furniture and fridges from your home, for a fee.

        ## Prices

        | Number of items | Price | Price if you get Council Tax Reduction |
        |---|---|---|
        | 1 to 3 items | £35 | £17.50 |
        | 4 to 6 items | £55 | £27.50 |
        | Each extra item | £8 | £4 |

        A fridge or freezer counts as 2 items.

        ## What we collect

        - beds, mattresses, sofas, tables and chairs
        - fridges, freezers, washing machines and cookers
        - bikes, garden furniture and lawnmowers (drained of fuel)

        We do not collect building rubble, car parts, gas bottles or anything that needs 2 people to lift
        it down stairs.

        ## Book a collection

        [Ask for a bulky waste collection](/forms/bulky-waste-collection) online. We will call you to take
        payment by card, then email you a collection date, usually within 10 working days.

        Put your items outside by 7am on the collection day, somewhere we can reach them easily.

        ## Other options

        Furniture in good condition may be wanted by a local reuse charity, who may collect it for free.
        You can also take items to a
        [household waste recycling centre](/waste-and-recycling/recycling-centres).
        """,
        lgsl=(528,), aliases=("Furniture collection", "Fridge and freezer collection", "Large household items"),
    ),
    _page(
        "waste-and-recycling", "new-or-replacement-bins", "Order a new or replacement bin",
        "Order a bin or food caddy if yours is lost, stolen or broken, or you have moved into a new home.",
        "Waste and Recycling Team",
        """
        You can order a replacement if your bin or food caddy is lost, stolen or damaged beyond repair.

        ## What it costs

        | Container | Cost |
        |---|---|
        | Green or blue wheelie bin | £30 including delivery |
        | Food caddy (kitchen or outdoor) | Free |
        | Bins for a newly built home | £60 for the set, paid by the developer or owner |

        There is no charge if our crew damaged your bin.

        ## Order a bin

        [Order a new or replacement bin](/forms/order-a-bin) online,
        or call 01632 960101. We deliver within 15 working days.

        Write your house number on your new bin so that it does not go missing.

        ## Repairs

        We can replace a broken lid or wheel for free. Report it using the same online form and choose
        "repair".

        ## Bigger bins

        Households of 6 or more people, or with 2 or more children in nappies, can ask for a larger
        green bin. We will check how much you recycle before we agree.
        """,
        lgsl=(526,), aliases=("Replacement bin", "Food waste caddy", "Damaged bins"),
    ),
    _page(
        "waste-and-recycling", "fly-tipping", "Report fly-tipping",
        "Report rubbish dumped on public land, and find out how to avoid being fined for fly-tipping.",
        "Waste and Recycling Team",
        """
        Fly-tipping is dumping waste illegally. We clear fly-tipping from public land, usually within
        2 working days.

        ## Report fly-tipping

        [Report fly-tipping online](/forms/report-fly-tipping), or call
        01632 960101. Tell us:

        - exactly where it is: the street and the nearest house number or landmark
        - what it is and roughly how much there is
        - anything that could identify who dumped it, like a vehicle registration

        A photo helps our crews find it, if you can take one safely.

        Do not touch the waste or open bags. It could contain needles or chemicals.

        ## Fly-tipping on private land

        Landowners must clear fly-tipping from their own land. We can give advice and may still
        investigate who dumped it.

        ## Make sure your waste is disposed of legally

        You are responsible for your household waste, even after you give it to someone else. If it
        is found fly-tipped, you could be fined up to £400.

        Before you pay someone to take your waste away, check they have a waste carrier licence and
        ask where it is going. Get a receipt.

        ## What happens to fly-tippers

        We can issue fines of up to £1,000 or take people to court, where the fine can be unlimited.
        """,
        lgsl=(587,), aliases=("Dumped rubbish", "Illegal dumping"), outcomes=("R7",),
    ),
    _page(
        "waste-and-recycling", "recycling-centres", "Household waste recycling centres",
        "Westshire County Council runs the recycling centres at Fernley and Wenham Cross.",
        "Waste and Recycling Team",
        """
        There are 2 household waste recycling centres in Ashdown district. They are run by
        Westshire County Council, not by us.

        ## Where they are

        | Recycling centre | Address | Opening hours |
        |---|---|---|
        | Fernley | Mill Lane, Fernley AS4 2QT | 9am to 5pm every day except Thursday |
        | Wenham Cross | Station Road, Wenham Cross AS7 8LP | 9am to 4pm, Friday to Monday |

        Both centres are closed on 25 and 26 December and 1 January.

        ## What you need to know before you go

        - you need to book a visit on the
          [Westshire recycling centre booking page](https://www.westshire.example.gov.uk/waste/recycling-centres/book-a-visit)
        - you must live in Westshire and bring proof of address
        - vans and trailers need a permit
        - there is a charge for soil, rubble and plasterboard

        ## Items the centres accept

        The centres take most household waste, including garden waste, electrical items, batteries,
        paint, oil and textiles. See the
        [list of what each recycling centre accepts](https://www.westshire.example.gov.uk/waste/recycling-centres/what-you-can-take).

        If you cannot get to a centre, you can book a
        [bulky waste collection](/waste-and-recycling/bulky-waste) from us.
        """,
        lgsl=(531, 534), aliases=("Tip", "Dump"),
    ),

    # --- Council tax ------------------------------------------------------------------------------
    _page(
        "council-tax", "council-tax-bands", "Council tax bands and charges",
        "Council tax charges for 2026 to 2027 for each band, and how to check or challenge your band.",
        "Council Tax Team",
        """
        Your council tax depends on your property's band. The Valuation Office Agency sets the band, not
        the council. Bands are based on what a property was worth on 1 April 1991.

        ## Charges for 2026 to 2027

        These charges are for Ashdown town, which has no parish council. If you live in a parish, your
        bill also includes a small parish charge.

        | Band | Property value in April 1991 | Yearly charge |
        |---|---|---|
        | A | Up to £40,000 | £1,440.00 |
        | B | £40,001 to £52,000 | £1,680.00 |
        | C | £52,001 to £68,000 | £1,920.00 |
        | D | £68,001 to £88,000 | £2,160.00 |
        | E | £88,001 to £120,000 | £2,640.00 |
        | F | £120,001 to £160,000 | £3,120.00 |
        | G | £160,001 to £320,000 | £3,600.00 |
        | H | More than £320,000 | £4,320.00 |

        ## Where your money goes

        We collect council tax for Westshire County Council, the police, the fire service and parish
        councils, as well as for ourselves. Of a Band D bill in Ashdown town:

        - Westshire County Council gets 75%
        - the police get 11%
        - Ashdown District Council gets 10%
        - the fire service gets 4%

        ## If you think your band is wrong

        You can ask the Valuation Office Agency to check your band. Keep paying your bill while they
        check it. If your band changes, we will send you a new bill and refund anything you overpaid.
        """,
        lgsl=(57,), aliases=("Council tax charges", "Council tax valuation"), outcomes=("R3",),
    ),
    _page(
        "council-tax", "pay-council-tax", "Pay your council tax",
        "Pay your council tax by Direct Debit, online, by phone or at a shop, and check your balance.",
        "Council Tax Team",
        """
        You usually pay council tax in 10 monthly instalments, from April to January. You can ask to pay
        in 12 instalments instead.

        ## Pay by Direct Debit

        Direct Debit is the easiest way to pay. You can choose to pay on the 1st, 8th, 15th or 22nd of
        the month. To set one up, call us on 01632 960102 with your council tax account number and your
        bank details. Do not send bank details by email or in a form.

        ## Other ways to pay

        - [pay council tax online](/pay) by debit or credit card
        - use the automated phone line on 01632 960199, open 24 hours
        - pay in cash at any shop or post office with a PayPoint sign, using the barcode on your bill
        - pay by bank transfer to sort code 01-63-29, account 96010200, using your account number as
          the reference

        ## Check your balance and get bills by email

        Your balance is on your latest bill. To get a statement of your payments, or to get your bills by
        email instead of by post, [ask us online](/forms/general-enquiry).

        ## If you are struggling to pay

        Contact us as soon as you can on 01632 960102. We can often spread payments. You may also be
        able to get [Council Tax Reduction](/benefits/council-tax-reduction).
        """,
        lgsl=(58,), aliases=("Council tax payments", "Direct Debit for council tax", "Council tax balance"),
        outcomes=("R10", "R11", "G11"), top_task=True,
    ),
    _page(
        "council-tax", "discounts-and-exemptions", "Council tax discounts and exemptions",
        "You may pay less council tax, or none, if you live alone, are a student or have a disability.",
        "Council Tax Team",
        """
        You may pay less council tax, or none, because of who lives in your home or how it is used.

        ## Discounts

        | Discount | Who can get it | How much |
        |---|---|---|
        | Single person discount | Only one adult lives in the home | 25% off |
        | Disabled band reduction | The home has been adapted for a disabled person | Charged one band lower |
        | Disregarded people | Some adults are not counted, like full-time students and carers | Up to 50% off |
        | Council Tax Reduction | People on a low income | Depends on income |

        Read more about the [single person discount](/council-tax/discounts-and-exemptions/single-person-discount).
        [Council Tax Reduction](/benefits/council-tax-reduction) is a benefit: apply for it separately.

        ## Exemptions

        Some homes are exempt, so there is no council tax to pay. These include homes:

        - where everyone is a full-time student
        - left empty after someone has died, until probate is granted
        - left empty because someone has moved into a care home or hospital
        - where everyone is severely mentally impaired

        ## Empty homes

        There is no discount for empty homes. A home that has been empty and unfurnished for 1 year or
        more is charged double.

        ## Apply

        [Apply for a council tax discount or exemption](/forms/apply-for-a-council-tax-discount)
        online. Tell us within 21 days if your circumstances change.
        """,
        lgsl=(59, 60, 61),
        aliases=("Council tax exemptions", "Empty homes and council tax", "Students and council tax"),
    ),
    _page(
        "council-tax", "single-person-discount", "Single person discount",
        "Get 25% off your council tax if you are the only adult living in your home.",
        "Council Tax Team",
        """
        If you are the only adult, aged 18 or over, living in your home, you get 25% off your council
        tax bill.

        ## Who counts as living in your home

        Do not count:

        - children under 18
        - full-time students and student nurses
        - people who are severely mentally impaired
        - live-in carers who are not your partner or your parent

        You can still get the discount if one of these people lives with you.

        ## Apply

        [Apply for a single person discount](/forms/apply-for-a-council-tax-discount)
        online. It takes about 5 minutes. Your council tax account number helps us find your account.

        We will backdate the discount to the date you became the only adult in your home.

        ## Tell us if things change

        You must tell us within 21 days if another adult moves in. If you do not, you may have to repay
        the discount and pay a £70 penalty.

        We check who is entitled to the discount every year, using records like the electoral register.
        """,
        lgsl=(59,), aliases=("25% council tax discount", "Living alone discount"),
        parent="discounts-and-exemptions",
    ),
    _page(
        "council-tax", "moving-home", "Moving home and council tax",
        "Tell us when you move into, out of or within Ashdown district so we can bill you correctly.",
        "Council Tax Team",
        """
        Tell us when you move so that we can close your old account and start a new one. You pay council
        tax up to the day before you move out and from the day you move in.

        ## Moving within Ashdown district

        [Tell us you are moving](/forms/tell-us-you-have-moved) at least
        2 weeks before you move. You need:

        - your council tax account number
        - your moving date
        - your new address

        We will send you a new bill for your new home. If you pay by Direct Debit, it will carry on.

        ## Moving into Ashdown district

        Use the same form to tell us your moving date and your previous address. We will send you a
        bill and you can [pay your council tax](/council-tax/pay-council-tax) by Direct Debit.

        ## Moving out of Ashdown district

        Tell us your moving date and a forwarding address. We will send a final bill. If you have paid
        too much, we will refund you.

        Contact the council for your new area to register for council tax there.

        ## Tell other services too

        When you move, you should also:

        - [register to vote](/councillors-and-democracy/elections/register-to-vote) at your new address
        - change your [bin collection day](/waste-and-recycling/bin-collection-days) if you stay in the district
        - tell the [benefits team](/benefits/change-of-circumstances) if you get Housing Benefit or
          Council Tax Reduction
        """,
        lgsl=(58, 370), aliases=("Change of address", "Moving house"), outcomes=("G25",),
    ),
    _page(
        "council-tax", "problems-paying", "If you cannot pay your council tax",
        "What to do if you are behind with your council tax, and what happens if you do not pay.",
        "Council Tax Team",
        """
        If you cannot pay your council tax, contact us straight away on 01632 960102. The sooner you
        tell us, the more we can help.

        ## How we can help

        We may be able to:

        - spread your payments over 12 months instead of 10
        - agree a payment plan you can afford
        - check if you can get [Council Tax Reduction](/benefits/council-tax-reduction) or a discount

        ## If you miss a payment

        1. We send you a reminder. Pay within 7 days and you can keep paying by instalments.
        2. If you do not pay, you lose the right to pay by instalments and must pay the whole year's bill.
        3. We apply to the magistrates' court for a liability order. This adds £85 in costs.
        4. With a liability order, we can take money from your wages or benefits, or pass the debt to
           enforcement agents.

        ## Free debt advice

        Independent advice is free and confidential. Ashdown Citizens Advice can help you deal with
        all your debts together. Call them on 01632 960555.

        See [money and benefits advice](/benefits/benefits-advice) for other organisations that can help.
        """,
        lgsl=(1520,), aliases=("Council tax arrears",), state=DRAFT,
    ),

    # --- Benefits -----------------------------------------------------------------------------------
    _page(
        "benefits", "housing-benefit", "Housing Benefit",
        "Housing Benefit helps you pay your rent if you are of State Pension age or live in supported housing.",
        "Benefits Team",
        """
        Housing Benefit helps you pay your rent if you are on a low income. Most people of working age
        now claim Universal Credit instead.

        ## Who can claim

        You can make a new claim for Housing Benefit if you rent your home and:

        - you have reached State Pension age, or
        - you live in supported, sheltered or temporary housing

        If you are of working age and do not live in these types of housing, claim Universal Credit from
        the Department for Work and Pensions.

        ## How much you can get

        It depends on your income, savings, who lives with you and your rent. If you rent from a private
        landlord, the most you can get is set by the Local Housing Allowance rate for your home's size.

        You will usually not get Housing Benefit if you have savings over £16,000, unless you get the
        guarantee part of Pension Credit.

        ## Apply

        [Apply for Housing Benefit](/forms/claim-help-with-rent-or-council-tax) online. The same
        claim also works out if you can get [Council Tax Reduction](/benefits/council-tax-reduction).

        You will need proof of your income, savings, rent and identity. Apply straight away: we can
        only backdate a claim in some cases.

        We aim to decide new claims within 20 days of getting all the information we need.

        ## After you apply

        Tell us within a month about any [change of circumstances](/benefits/change-of-circumstances).
        If you need more help with your rent, you can ask for a
        [discretionary housing payment](/benefits/discretionary-housing-payments).
        """,
        lgsl=(69, 70, 1147), aliases=("Help paying rent", "Local Housing Allowance"),
        outcomes=("R16", "R17"), top_task=True,
    ),
    _page(
        "benefits", "council-tax-reduction", "Council Tax Reduction",
        "Get help paying your council tax if you are on a low income or get other benefits.",
        "Benefits Team",
        """
        Council Tax Reduction lowers your council tax bill if you are on a low income. You can get it
        whether you rent or own your home, and whether or not you work.

        ## How much you can get

        | Who you are | Most you can get |
        |---|---|
        | State Pension age | Up to 100% of your bill |
        | Working age and disabled, or a carer | Up to 90% of your bill |
        | Working age | Up to 80% of your bill |

        The amount depends on your income, savings and who lives with you. You cannot usually get
        Council Tax Reduction if you have savings over £16,000.

        ## Check if you can get it

        Call us on 01632 960103 and we will work out an estimate with you in about 10 minutes. An estimate
        is not a claim.

        ## Apply

        [Apply for Council Tax Reduction](/forms/claim-help-with-rent-or-council-tax) online. If
        you claim Universal Credit, you still need to apply to us separately: Universal Credit does not
        include help with council tax.

        If we agree your claim, we will send you a new council tax bill.

        ## If you disagree with our decision

        You can ask us to look at the decision again. Find out how to
        [challenge a benefit decision](/benefits/challenge-a-benefit-decision).
        """,
        lgsl=(63, 64), aliases=("Council tax support", "Council tax benefit"), outcomes=("R16", "R17"),
    ),
    _page(
        "benefits", "discretionary-housing-payments", "Discretionary housing payments",
        "Extra help with rent if your Housing Benefit or Universal Credit does not cover it.",
        "Benefits Team",
        """
        A discretionary housing payment (DHP) is extra money to help with your rent for a short time.
        It is not a benefit and you do not have to pay it back.

        ## Who can get one

        You must get Housing Benefit or the housing part of Universal Credit, and still have a shortfall
        between that and your rent.

        We often help people who:

        - are affected by the benefit cap or the spare room reduction
        - need time to find a cheaper home
        - need help with a rent deposit or rent in advance to move
        - are facing eviction

        ## What we look at

        We have a fixed budget each year, so we cannot help everyone. We look at your income and
        outgoings, your health, and what you are doing to improve your situation. We usually pay for
        up to 6 months.

        ## Apply

        [Apply for a discretionary housing payment](/forms/claim-help-with-rent-or-council-tax)
        online. We will ask you for a recent bank statement and details of your rent.

        We aim to decide within 14 days. We will write to tell you how much we will pay and for how long.

        If you are at risk of losing your home, also contact our
        [housing options team](/housing/homelessness) straight away.
        """,
        lgsl=(1148,), aliases=("DHP",),
    ),
    _page(
        "benefits", "change-of-circumstances", "Tell us about a change of circumstances",
        "Tell us within a month if your income, household or address changes while you get benefits.",
        "Benefits Team",
        """
        If you get Housing Benefit or Council Tax Reduction, you must tell us within one month about any
        change that could affect your claim.

        ## Changes you must tell us about

        - your income or savings go up or down
        - someone moves into or out of your home
        - you start or stop work, or your working hours change
        - your rent changes
        - you move home
        - you or your partner start or stop getting another benefit

        ## How to tell us

        [Report a change of circumstances](/forms/tell-us-about-a-change-of-circumstances) online,
        or call 01632 960103. Send proof of the change, like payslips, within one month.

        ## If you are paid too much

        If you tell us late, you may be paid too much. This is an overpayment and you will usually
        have to pay it back. We may take it from your ongoing benefit or send you a bill.

        If you deliberately do not tell us about a change, it may be treated as benefit fraud.

        ## Universal Credit

        If you get Universal Credit, tell the Department for Work and Pensions about changes through
        your online journal as well. They do not tell us about every change.
        """,
        lgsl=(370, 71), aliases=("Benefit overpayments", "Report a change in circumstances"),
    ),
    _page(
        "benefits", "challenge-a-benefit-decision", "Challenge a benefit decision",
        "Ask us to look at a Housing Benefit or Council Tax Reduction decision again, or appeal.",
        "Benefits Team",
        """
        If you think a decision about your Housing Benefit or Council Tax Reduction is wrong, you can
        ask us to look at it again.

        ## Ask for an explanation

        Call us on 01632 960103 and ask us to explain the decision. Many problems are sorted out this way.

        ## Ask us to reconsider

        Write to us within one month of the date on your decision letter. Say which decision you disagree
        with and why, and send any new evidence. You can email benefits@ashdown.example.gov.uk or write
        to Benefits, Council Offices, High Street, Ashdown AS1 1AA.

        A different officer will look at your claim again. We will write to you with the result.

        ## Appeal

        | Benefit | Who hears your appeal | Deadline |
        |---|---|---|
        | Housing Benefit | An independent tribunal | One month from our decision |
        | Council Tax Reduction | The Valuation Tribunal | 2 months after you asked us to reconsider |

        Send Housing Benefit appeals to us and we will pass them on to the tribunal.

        ## Get help with your challenge

        Citizens Advice and other [money and benefits advice](/benefits/benefits-advice) services can help
        you prepare a challenge, for free.
        """,
        lgsl=(72, 65), aliases=("Benefit appeals",),
    ),
    _page(
        "benefits", "benefits-advice", "Money and benefits advice",
        "Where to get free, independent advice on benefits, debt and managing your money.",
        "Benefits Team",
        """
        Free advice can help you check you are getting all the benefits you are entitled to, and deal
        with debts.

        ## Organisations that can help

        | Organisation | What they help with | Contact |
        |---|---|---|
        | Ashdown Citizens Advice | Benefits, debt, housing and employment | 01632 960555 |
        | Westshire Welfare Rights | Disability benefits and appeals | 01632 960556 |
        | Age Concern Ashdown | Benefits for older people | 01632 960557 |
        | Ashdown Credit Union | Savings and affordable loans | 01632 960558 |

        ## Check what you can get

        An adviser can do a full benefits check for you. You can also use an independent online benefits
        calculator: you will need details of your income, savings and housing costs.

        ## Help from the council

        We can help you:

        - apply for [Housing Benefit](/benefits/housing-benefit) and
          [Council Tax Reduction](/benefits/council-tax-reduction)
        - get a [discretionary housing payment](/benefits/discretionary-housing-payments) if you are
          struggling with rent
        - arrange a payment plan for council tax

        Call the Benefits Team on 01632 960103, Monday to Friday, 9am to 5pm.
        """,
        lgsl=(190,), aliases=("Welfare rights", "Debt advice", "Money advice", "Cost of living help"),
    ),

    # --- Housing -----------------------------------------------------------------------------------
    _page(
        "housing", "homelessness", "If you are homeless or at risk of homelessness",
        "Get help straight away if you have nowhere to stay tonight or could lose your home.",
        "Housing Options Team",
        """
        If you have nowhere safe to stay tonight, call us now on 01632 960104. Outside office hours, call
        our emergency line on 01632 960999.

        If you are in danger, call 999.

        ## If you might lose your home

        Contact us as soon as you know you might lose your home. We have a legal duty to help if you could
        become homeless in the next 56 days. The earlier you contact us, the more we can do.

        We can:

        - talk to your landlord or family to help you stay
        - help you find and pay for a private rented home
        - check if you can get help with rent arrears
        - give you a personal housing plan setting out what we and you will do

        ## What to bring

        Bring or send any letters from your landlord or lender, proof of your identity and income, and
        your tenancy agreement.

        ## Temporary accommodation

        If you are homeless and in priority need, for example because you have children or are
        vulnerable, we may give you somewhere to stay while we help you.

        ## Other help

        - [join the housing register](/housing/housing-register) for social housing
        - get [advice on private renting](/housing/private-renting)
        - [discretionary housing payments](/benefits/discretionary-housing-payments) can help with a rent
          shortfall
        """,
        lgsl=(112, 911), aliases=("Homeless", "Emergency housing", "Rough sleeping", "Temporary accommodation"),
    ),
    _page(
        "housing", "housing-register", "Join the housing register",
        "Apply to join the housing register for council and housing association homes in Ashdown district.",
        "Housing Options Team",
        """
        The housing register is the list of people waiting for a council or housing association home. We
        no longer own council homes: housing associations own them, and we choose who is offered them.

        ## Who can join

        You can usually join if you:

        - are 18 or over
        - have lived or worked in Ashdown district for at least 2 years, or have close family here
        - have a housing need, for example your home is overcrowded or unsuitable for your health

        ## How to apply

        Call us on 01632 960104 or email housing@ashdown.example.gov.uk and we will send you an
        application. You will need proof of your identity, income and address for the last 5 years.

        We will assess your application within 6 weeks and put you in a band.

        | Band | Who is in it |
        |---|---|
        | A | Urgent need, like being homeless or a serious risk to health |
        | B | High need, like severe overcrowding |
        | C | Some need, like sharing facilities with another household |

        ## Bidding for homes

        Homes are advertised every week on the choice-based lettings website. You bid for the homes you
        want, and they are usually offered to the person in the highest band who has waited longest.

        Waiting times are long. For a 2-bedroom home, people in band B usually wait about 18 months.
        """,
        lgsl=(92, 89), aliases=("Council housing", "Housing waiting list", "Social housing", "Choice based lettings"),
    ),
    _page(
        "housing", "private-renting", "Private renting: advice for tenants",
        "Your rights as a private tenant, and how we can help with repairs, deposits and eviction.",
        "Housing Options Team",
        """
        If you rent from a private landlord, you have rights to a safe home and to be treated fairly.

        ## Your landlord must

        - protect your deposit in a government-approved scheme within 30 days
        - give you a gas safety certificate every year, and an electrical safety report every 5 years
        - fit smoke alarms on every floor, and a carbon monoxide alarm near any solid fuel heater
        - carry out repairs to the structure, heating, hot water and wiring
        - give you proper notice, usually 24 hours, before visiting

        ## If your landlord will not do repairs

        Tell your landlord in writing first. If they do not act, contact our private sector housing team
        on 01632 960104. We can inspect your home and make your landlord fix serious hazards, like damp
        and mould.

        ## If your landlord wants you to leave

        Your landlord must follow the legal process. It is a crime for them to change the locks or force
        you out without a court order.

        Contact us as soon as you get a notice. See
        [if you are homeless or at risk of homelessness](/housing/homelessness).

        ## Help paying rent

        You may be able to get [Housing Benefit](/benefits/housing-benefit) or the housing part of
        Universal Credit.
        """,
        lgsl=(108,),
        aliases=("Tenants' rights", "Damp and mould", "Eviction", "Landlord disputes"),
        review_overdue=True,
    ),
    _page(
        "housing", "landlords", "Advice for private landlords",
        "Standards rented homes must meet, and help for landlords letting homes in Ashdown district.",
        "Private Sector Housing Team",
        """
        We work with landlords to keep rented homes in Ashdown district safe and well managed.

        ## Standards your property must meet

        Rented homes must be free from serious hazards, such as:

        - damp and mould
        - excess cold
        - risk of falls on stairs
        - fire risks

        We inspect homes using the Housing Health and Safety Rating System. If we find serious hazards, we
        can serve a notice requiring you to carry out work.

        ## Ashdown Landlord Accreditation Scheme

        Accredited landlords get free training, a newsletter and a listing on our website. To join, you
        must agree to our code of practice and have no serious housing offences.

        To apply for accreditation, email housing@ashdown.example.gov.uk or call 01632 960104.

        ## Letting to tenants we refer

        Our Ashdown Lettings scheme finds tenants for your property. We can offer a rent guarantee for
        the first 12 months, a deposit guarantee and help with tenancy problems. Call 01632 960104.

        ## Shared houses

        If you let a house to people from more than one household, read about
        [houses in multiple occupation](/housing/landlords/houses-in-multiple-occupation).
        """,
        lgsl=(1616, 717), aliases=("Landlord accreditation",),
    ),
    _page(
        "housing", "houses-in-multiple-occupation", "Houses in multiple occupation (HMOs)",
        "Check if your property is an HMO, if it needs a licence and how to apply.",
        "Private Sector Housing Team",
        """
        A house in multiple occupation (HMO) is a property rented to at least 3 people who are not from
        one household and who share a kitchen or bathroom.

        ## If you need a licence

        You need an HMO licence from us if your property is rented to 5 or more people from more than
        one household. It is an offence to let a licensable HMO without a licence.

        ## Licence fees

        | Licence | Fee |
        |---|---|
        | New licence, up to 5 bedrooms | £950 |
        | Each extra bedroom | £50 |
        | Renewal, accredited landlords | £700 |

        A licence usually lasts 5 years.

        ## Apply for a licence

        To apply for an HMO licence, email housing@ashdown.example.gov.uk for an application pack.
        You will need floor plans, gas and electrical safety certificates and fire alarm test records.

        We will inspect the property before we issue the licence.

        ## Standards for HMOs

        HMOs must have enough kitchens, bathrooms and toilets for the number of people living there, and
        proper fire safety, like fire doors and linked smoke alarms.

        ## Check the register

        You can search the public register of licensed HMOs at the Council Offices or by emailing
        housing@ashdown.example.gov.uk.
        """,
        lgsl=(150, 898), aliases=("HMO licence",), parent="landlords",
    ),
    _page(
        "housing", "disabled-facilities-grants", "Disabled facilities grants",
        "Get a grant of up to £30,000 to adapt your home if you or someone you live with is disabled.",
        "Private Sector Housing Team",
        """
        A disabled facilities grant helps pay for changes to your home so that a disabled person can
        live there more easily.

        ## What the grant can pay for

        - widening doors and putting in ramps
        - a stairlift or a through-floor lift
        - a level-access shower or an adapted bathroom
        - adapting heating or lighting controls so they are easier to use

        ## How much you can get

        You can get up to £30,000. Adults may have to pay part of the cost, depending on their income and
        savings. There is no means test for adaptations for a child.

        ## How to apply

        1. Ask Westshire County Council for an occupational therapy assessment. An occupational therapist
           will say which adaptations you need.
        2. They will send their recommendation to us.
        3. We will help you with the application form, the builder's quotes and the plans.
        4. We approve the grant before any work starts.

        Start by asking for a [care needs assessment](https://www.westshire.example.gov.uk/adult-social-care/assessment)
        on the Westshire County Council website, or call them on 01632 960300.

        ## Smaller adaptations

        Grab rails and other small items under £1,000 are usually free from Westshire County Council. See
        [equipment and adaptations to stay independent](/adult-social-care/find-care-and-support/staying-independent).
        """,
        lgsl=(137, 178), aliases=("Home adaptations", "Stairlifts", "Adaptations grant"), outcomes=("R18",),
    ),

    # --- Planning and building control ------------------------------------------------------------
    _page(
        "planning", "planning-applications", "Apply for planning permission",
        "How to apply for planning permission, what it costs and how long a decision takes.",
        "Development Management Team",
        """
        You may need planning permission to build something new, make a major change to a building or
        change how it is used.

        Check first whether [you need planning permission](/planning/planning-applications/do-you-need-planning-permission).

        ## Get advice before you apply

        Our pre-application advice service tells you whether your plans are likely to be approved, and
        what you might change.

        | Type of project | Fee for written advice |
        |---|---|
        | Householder, like an extension | £120 |
        | 1 to 9 new homes | £600 |
        | 10 or more new homes | From £1,800 |

        ## How to apply

        Apply online through the national Planning Portal. You will need:

        - a location plan and a site plan
        - drawings of what you want to build
        - the application fee
        - any other documents on our local validation list

        ## How long it takes

        We aim to decide most applications within 8 weeks, and major developments within 13 weeks. We
        publish every application and consult neighbours: you can
        [view and comment on planning applications](/planning/planning-applications/view-and-comment).

        ## After we decide

        If we refuse your application, you can appeal to the Planning Inspectorate. You usually have
        12 weeks for a householder application and 6 months for other types.
        """,
        lgsl=(487, 608), aliases=("Planning permission", "Planning fees"), outcomes=("R8",),
    ),
    _page(
        "planning", "do-you-need-planning-permission", "Do you need planning permission?",
        "Many small projects do not need planning permission. Check before you start work.",
        "Development Management Team",
        """
        Many small changes to houses are permitted development, which means you do not need to apply for
        planning permission.

        ## Projects that often do not need permission

        - a single-storey rear extension up to 3 metres deep on a semi-detached or terraced house, or
          4 metres on a detached house
        - a loft conversion that does not add more than 40 cubic metres to a terraced house, or
          50 cubic metres to other houses
        - a porch smaller than 3 square metres
        - fences and walls up to 2 metres high, or 1 metre next to a road

        ## When you will need permission

        You usually need permission if:

        - you live in a flat or maisonette
        - your home is a listed building or is in a conservation area
        - your project is at the front of the house and faces a road
        - you want to change how a building is used, like turning a house into flats

        ## Get a certificate

        To be certain, apply for a lawful development certificate. It costs half the normal planning fee
        and proves your project is lawful, which helps when you sell.

        ## Building regulations

        Even if you do not need planning permission, most building work needs
        [building regulations approval](/planning/building-control).
        """,
        lgsl=(485,),
        aliases=("Permitted development", "Extensions", "Lawful development certificate"),
        parent="planning-applications",
    ),
    _page(
        "planning", "view-and-comment", "View and comment on planning applications",
        "Search planning applications and decisions, and tell us what you think of a proposal.",
        "Development Management Team",
        """
        You can see every planning application we receive, and comment on any of them.

        ## Search applications

        [Search planning applications](https://planning.ashdown.example.gov.uk/search) by address,
        postcode or application number. You can see the plans, documents, comments and the decision.

        You can also sign up for weekly emails listing new applications in your area.

        ## Comment on an application

        Comment within 21 days of the date on the site notice or neighbour letter. We may still take
        later comments into account if we have not yet decided.

        Comment online on the application's page. We cannot accept anonymous comments, and your name and
        address will be published.

        ## What we can take into account

        We can consider things like:

        - loss of light or privacy
        - the design, size and appearance of the building
        - traffic, parking and road safety
        - noise and disturbance
        - effects on trees, wildlife and listed buildings

        We cannot consider loss of a view, effects on property values, or private disputes like
        boundaries.

        ## How decisions are made

        Officers decide most applications. Larger or controversial ones go to the Planning Committee,
        where you can ask to speak. See [council meetings](/councillors-and-democracy/council-meetings).
        """,
        lgsl=(855, 516), aliases=("Planning objections", "Planning decisions", "Comment on a planning application"),
        outcomes=("R8", "G3"), parent="planning-applications", top_task=True,
    ),
    _page(
        "planning", "building-control", "Building control",
        "Get building regulations approval for your building work, and book inspections.",
        "Building Control Team",
        """
        Building regulations set standards for the safety, energy efficiency and accessibility of
        buildings. Most building work needs approval, even when it does not need planning permission.

        ## Work that needs approval

        - extensions and loft conversions
        - removing a load-bearing wall
        - new windows or doors, unless fitted by a registered installer
        - electrical work in kitchens and bathrooms, unless done by a registered electrician
        - installing a boiler or wood burner, unless done by a registered installer

        ## Ways to apply

        | Type of application | Best for |
        |---|---|
        | Full plans | Larger projects: we check your plans before work starts |
        | Building notice | Small jobs on houses: no plans needed, but more risk |
        | Regularisation | Work already done without approval |

        Apply online through the national Planning Portal, or call 01632 960105 for a paper form. Our fees
        depend on the size of the project.

        ## Inspections

        We inspect the work at key stages, like foundations and drainage. Book an inspection by 4pm the
        working day before, on 01632 960105.

        When the work is finished and approved, we send you a completion certificate. Keep it: you will
        need it when you sell.

        ## Dangerous buildings

        If you think a building or wall is about to collapse, call us on 01632 960105, or 01632 960999
        out of hours.
        """,
        lgsl=(499, 600), aliases=("Building regulations", "Dangerous structures"), outcomes=("R8",),
    ),
    _page(
        "planning", "planning-enforcement", "Report a breach of planning control",
        "Tell us about building work or changes of use that may not have planning permission.",
        "Planning Enforcement Team",
        """
        You can tell us about building work or a change of use that you think does not have planning
        permission, or does not follow the permission it has.

        ## What you can report

        - building work without planning permission
        - work that is different from the approved plans
        - breaking planning conditions, like opening hours
        - work on a listed building or protected tree without consent
        - unauthorised advertisements

        ## What we cannot deal with

        We cannot help with boundary disputes, damage to your property or breaches of a private covenant.
        These are civil matters.

        ## Report a breach

        [Report a possible breach of planning control](/forms/report-a-breach-of-planning-control)
        online. Tell us the address, what is happening and when it started. Photos help. We will not tell
        the owner who reported it.

        ## What happens next

        | Priority | Examples | We visit within |
        |---|---|---|
        | High | Demolition of a listed building, work to a protected tree | 1 working day |
        | Medium | Building work in progress | 5 working days |
        | Low | Signs, fences, changes of use | 15 working days |

        Most breaches are put right by agreement or a planning application. Taking formal action is a
        last resort.
        """,
        lgsl=(1158, 1157), aliases=("Planning enforcement",), outcomes=("R7",),
    ),
    _page(
        "planning", "local-plan", "Ashdown Local Plan",
        "The Local Plan sets out where new homes and jobs will go in Ashdown district up to 2040.",
        "Planning Policy Team",
        """
        The Ashdown Local Plan sets out how the district will grow up to 2040. We use it to decide
        planning applications.

        ## What the Local Plan covers

        - where about 7,200 new homes will be built
        - land for new jobs and businesses
        - protecting the countryside, green spaces and historic buildings
        - infrastructure, like schools, roads and health centres, needed to support growth

        ## Where we are in the review

        We are reviewing the Local Plan. These are the stages:

        | Stage | Date |
        |---|---|
        | Issues and options consultation | Finished in autumn 2025 |
        | Draft plan consultation | Summer 2026 |
        | Examination by a planning inspector | 2027 |
        | Plan adopted | 2028 |

        The current Local Plan, adopted in 2019, applies until the new one is adopted.

        ## Neighbourhood plans

        Parish councils can write a neighbourhood plan with policies for their area. Fernley and
        Little Aldwick have adopted neighbourhood plans.

        ## Have your say

        Sign up for planning policy emails to hear about consultations. Email
        planning.policy@ashdown.example.gov.uk or call 01632 960105.
        """,
        lgsl=(494, 856), aliases=("Local Development Framework", "Neighbourhood plans"),
        review_overdue=True,
    ),
    _page(
        "planning", "trees-and-conservation-areas", "Protected trees and conservation areas",
        "Check if a tree is protected or your home is in a conservation area before you do any work.",
        "Development Management Team",
        """
        Some trees and areas have extra protection. You may need our consent before you do work.

        ## Protected trees

        A tree may be protected by a tree preservation order. You need our consent to cut down, prune or
        damage it, including its roots.

        Apply for consent for tree works online through the national Planning Portal. It is free and we
        decide within 8 weeks.

        ## Trees in conservation areas

        You must give us 6 weeks' notice before doing work to most trees in a conservation area. This
        lets us decide whether to protect the tree.

        ## Conservation areas

        Ashdown district has 24 conservation areas, including Ashdown town centre and the old village of
        Oakhurst. In a conservation area you may need permission to:

        - demolish a building or wall
        - change windows, doors or roofs on the front of a house
        - put up a satellite dish facing the road

        ## Listed buildings

        You need listed building consent for any work that affects a listed building's character,
        inside or out. There is no fee. Ask for advice first by emailing
        conservation@ashdown.example.gov.uk.

        ## Check your property

        Use the [planning constraints map](https://planning.ashdown.example.gov.uk/map) to check for
        protected trees, conservation areas and listed buildings.
        """,
        lgsl=(508, 511), aliases=("Tree preservation orders", "Listed buildings"),
    ),

    # --- Parking ------------------------------------------------------------------------------------
    _page(
        "parking", "car-parks", "Council car parks",
        "Where our car parks are, how much they cost and how to pay.",
        "Parking Services",
        """
        We run 9 pay and display car parks in Ashdown, Fernley and Wenham Cross.

        ## Car parks and charges

        | Car park | Spaces | Up to 2 hours | All day |
        |---|---|---|---|
        | High Street, Ashdown | 210 | £2.00 | £6.50 |
        | Station Road, Ashdown | 340 | £2.20 | £5.00 |
        | Market Square, Fernley | 95 | £1.80 | £4.50 |
        | Church Lane, Wenham Cross | 60 | £1.20 | £3.00 |

        Charges apply from 8am to 6pm, Monday to Saturday. Parking is free on Sundays and bank holidays.

        ## How to pay

        - with a card or phone at the pay machine
        - using the ParkEasy app or by calling the number on the car park signs
        - with a season ticket

        ## Blue Badge holders

        Blue Badge holders park free in any space for up to 3 hours. Display your badge clearly.
        See [Blue Badge parking](/parking/blue-badge-parking).

        ## Season tickets

        A season ticket for Station Road car park costs £95 a month or £900 a year.
        To buy one, call 01632 960106 and pay by debit or credit card.

        ## Electric vehicle charging

        There are charging points at High Street and Station Road car parks. You pay the parking charge
        and the charging charge separately.
        """,
        lgsl=(478,),
        aliases=("Car park charges", "Pay and display", "Parking season tickets", "Electric vehicle charging"),
    ),
    _page(
        "parking", "parking-permits", "Residents' parking permits",
        "Apply for a residents' or visitors' parking permit if you live in a permit parking zone.",
        "Parking Services",
        """
        If you live in a residents' parking zone, you need a permit to park in the zone during its hours.

        ## Permit zones

        There are 5 permit zones in Ashdown town and 1 in Fernley. Signs at the entrance to each zone
        show the hours it runs. If you are not sure whether your street is in a zone, call 01632 960106.

        ## Costs

        | Permit | Cost |
        |---|---|
        | First resident permit | £60 a year |
        | Second resident permit | £110 a year |
        | Visitor permits | £15 for a book of 10 days |
        | Carer permit | Free |

        Electric vehicles get their first resident permit at half price.

        ## Apply for a permit

        Permits are issued through the permit system we run with Westshire County Council:
        [apply for a residents' parking permit on the county council's website](https://www.westshire.example.gov.uk/parking/residents-permits/apply).
        You need:

        - proof you live at the address, like a council tax bill
        - your vehicle's registration document, or a letter from your employer or lease company

        Permits are digital: there is nothing to display. Our civil enforcement officers check your
        registration number.

        ## If you change vehicle or move

        Update your permit online before you use the new vehicle. If you move out of the zone, you can
        get a refund for each full month left.
        """,
        lgsl=(474, 473), aliases=("Resident parking", "Visitor parking permits"),
    ),
    _page(
        "parking", "penalty-charge-notices", "Parking fines (penalty charge notices)",
        "What a penalty charge notice is, how much you have to pay and your options.",
        "Parking Services",
        """
        You may get a penalty charge notice (PCN) if you park where you should not, or stay too long.
        Our civil enforcement officers issue them on streets and in our car parks.

        ## How much it costs

        | Type of contravention | Full charge | If paid within 14 days |
        |---|---|---|
        | Higher level, like parking on a yellow line | £70 | £35 |
        | Lower level, like overstaying in a car park | £50 | £25 |

        ## What you can do

        You can either:

        - [pay your parking fine](/parking/penalty-charge-notices/pay-a-penalty-charge-notice)
        - [challenge your parking fine](/parking/penalty-charge-notices/challenge-a-penalty-charge-notice)
          if you think you should not have got it

        If you challenge within 14 days, we will hold the discounted charge while we look at your
        challenge.

        ## If you do nothing

        1. After 28 days, we send a notice to owner to the registered keeper of the vehicle.
        2. After another 28 days, the charge goes up by 50%.
        3. If it is still not paid, we register the debt at the Traffic Enforcement Centre and may use
           enforcement agents.

        ## Report a parking problem

        To report a vehicle parked dangerously or on yellow lines, call Parking Services on 01632 960106.
        """,
        lgsl=(471,), aliases=("PCN", "Parking tickets"),
    ),
    _page(
        "parking", "pay-a-penalty-charge-notice", "Pay a parking fine",
        "Pay a penalty charge notice online, by phone or by post.",
        "Parking Services",
        """
        Pay within 14 days of the date of the penalty charge notice (PCN) to pay half the charge.

        ## Pay online

        [Pay a penalty charge notice online](/pay) by
        debit or credit card. You will need:

        - the PCN number, which starts with AD
        - the vehicle registration number

        You can see the photos our officer took before you pay.

        ## Other ways to pay

        - call the 24-hour payment line on 01632 960198
        - send a cheque payable to Ashdown District Council to Parking Services, Council Offices, High
          Street, Ashdown AS1 1AA, with the PCN number written on the back

        Allow 5 working days for a cheque to reach us. We go by the date we receive it, not the date
        you sent it.

        ## If you want to challenge it

        If you pay, you cannot challenge the PCN afterwards. If you think it is wrong,
        [challenge the parking fine](/parking/penalty-charge-notices/challenge-a-penalty-charge-notice)
        before paying.

        ## If you cannot pay in full

        Call us on 01632 960106. We cannot usually agree payment plans, but we will look at your
        circumstances.
        """,
        lgsl=(471,), aliases=("Pay a PCN",), parent="penalty-charge-notices", top_task=True,
    ),
    _page(
        "parking", "challenge-a-penalty-charge-notice", "Challenge a parking fine",
        "How to challenge a penalty charge notice, and how to appeal to an independent adjudicator.",
        "Parking Services",
        """
        If you think you should not have got a penalty charge notice (PCN), you can challenge it. There
        are 3 stages.

        ## 1. Informal challenge

        [Challenge a penalty charge notice online](/forms/parking-fine-appeal)
        within 14 days. Explain why you think the PCN is wrong. Our email with your reference tells you how
        to send evidence, like photos, a valid ticket or a Blue Badge.

        You will get an email confirming we have your challenge. If we reject it, you can still pay the
        discounted charge within 14 days of our reply.

        ## 2. Formal representation

        If you did not challenge informally, or we rejected your challenge, you can make a formal
        representation when you get a notice to owner. You must do this within 28 days.

        Reasons include:

        - the contravention did not happen
        - the vehicle was stolen or you were not the owner at the time
        - the charge is more than it should be

        ## 3. Appeal to an independent adjudicator

        If we reject your formal representation, you can appeal to the Traffic Penalty Tribunal within
        28 days. It is free and independent of the council. Our rejection letter tells you how to appeal.

        ## While you wait

        Do not pay while your challenge is being considered. Paying closes the case.
        """,
        lgsl=(471,), aliases=("Parking appeals", "Appeal a PCN"), outcomes=("G13",),
        parent="penalty-charge-notices",
    ),
    _page(
        "parking", "blue-badge-parking", "Blue Badge parking",
        "Where Blue Badge holders can park in Ashdown district, and how to apply for a badge.",
        "Parking Services",
        """
        Blue Badges help disabled people park closer to where they need to go. Westshire County Council
        issues Blue Badges. We look after parking in our car parks.

        ## Apply for a Blue Badge

        [Apply for a Blue Badge](https://www.westshire.example.gov.uk/roads-and-transport/blue-badge/apply)
        on the Westshire County Council website. A badge costs £10 and lasts up to 3 years.

        ## Where you can park with a Blue Badge

        | Where | What you can do |
        |---|---|
        | Our car parks | Park free for up to 3 hours in any space |
        | Disabled bays on the street | Park with no time limit unless a sign says otherwise |
        | Yellow lines | Park for up to 3 hours, with your clock set, if it is safe |
        | Residents' permit bays | Park with no time limit |

        You cannot park where there is a loading ban, or on zig-zag lines near crossings and schools.

        ## Disabled parking bay outside your home

        Westshire County Council decides requests for a disabled parking bay on the street. Ask them
        using the Blue Badge pages on their website.

        ## Misuse of Blue Badges

        Using someone else's badge is an offence. You can be fined up to £1,000. If you think someone is
        misusing a badge, call us on 01632 960106.
        """,
        lgsl=(279, 274), aliases=("Disabled parking",),
    ),

    # --- Roads and transport ---------------------------------------------------------------------
    _page(
        "roads-and-transport", "street-lighting", "Report a street light fault",
        "Report a street light that is out, flickering or damaged.",
        "Street Scene Team",
        """
        Who fixes a street light depends on where it is.

        ## Who looks after which lights

        | Where the light is | Who fixes it |
        |---|---|
        | On a road or the pavement next to it | Westshire County Council |
        | In a council car park, park or housing estate path | Ashdown District Council |
        | On a private road or retail park | The owner |

        Every light has a number on a sticker on its post. Write it down: it helps us find the light.

        ## Report a light on a road

        [Report a street light fault to Westshire County Council](https://www.westshire.example.gov.uk/roads/street-lighting/report-a-fault)
        on their website. They aim to fix most faults within 7 working days.

        ## Report a light in a car park, park or footpath

        [Report a light fault to us](/forms/report-a-light-fault) online, or
        call 01632 960107. We aim to fix it within 10 working days.

        ## Dangerous lights

        If a light post is leaning, has been hit by a vehicle or has wires showing, call 01632 960107
        straight away, or 01632 960999 out of hours. Do not touch it.
        """,
        lgsl=(564,), aliases=("Broken street light", "Street lamps"), outcomes=("R7",),
    ),
    _page(
        "roads-and-transport", "report-a-pothole", "Report a pothole or road problem",
        "Westshire County Council repairs potholes, pavements, drains and road signs in Ashdown district.",
        "Street Scene Team",
        """
        Westshire County Council is the highway authority for Ashdown district. It repairs roads and
        pavements, so report problems to them.

        ## Report a pothole

        [Report a pothole on the Westshire County Council website](https://www.westshire.example.gov.uk/roads/report-a-pothole).
        Use the map to show exactly where it is. A photo helps them judge how urgent it is.

        They aim to repair dangerous potholes within 24 hours, and others within 28 days.

        ## Other road problems Westshire deals with

        - damaged or uneven pavements
        - blocked drains and gullies
        - damaged road signs and road markings
        - overgrown hedges or trees over the road
        - roads that need gritting in icy weather

        Use the same [Westshire road problem reporting page](https://www.westshire.example.gov.uk/roads/report-a-problem).

        ## Problems Ashdown District Council deals with

        - [street cleaning, litter and graffiti](/roads-and-transport/street-cleaning)
        - [abandoned vehicles](/roads-and-transport/abandoned-vehicles)
        - [fly-tipping](/waste-and-recycling/fly-tipping)
        - [street lights in car parks and parks](/roads-and-transport/street-lighting)

        ## Damage to your vehicle

        If a pothole damaged your vehicle, you can make a claim to Westshire County Council. Take photos
        and keep your repair receipts.
        """,
        lgsl=(557, 537),
        aliases=("Potholes", "Pavement repairs", "Road maintenance", "Drains and gullies"),
        outcomes=("R7",), top_task=True,
    ),
    _page(
        "roads-and-transport", "concessionary-bus-passes", "Bus passes for older and disabled people",
        "Get a free bus pass if you are of State Pension age or have a disability.",
        "Street Scene Team",
        """
        You can get free off-peak bus travel anywhere in England if you are of State Pension age or have
        an eligible disability. Westshire County Council issues bus passes for people living in Ashdown
        district.

        ## Who can get a bus pass

        You can get a bus pass if you live in Ashdown district and you:

        - have reached State Pension age
        - are blind or partially sighted
        - are profoundly or severely deaf
        - cannot walk, or have great difficulty walking
        - cannot drive because of a medical condition

        ## When you can travel free

        | When | Older person's pass | Disabled person's pass |
        |---|---|---|
        | Monday to Friday, 9:30am to 11pm | Free | Free |
        | Monday to Friday, before 9:30am | You pay | Free on Westshire buses |
        | Weekends and bank holidays | Free all day | Free all day |

        ## Apply

        [Apply for a bus pass](https://www.westshire.example.gov.uk/transport/bus-pass/apply) on the
        Westshire County Council website. You need a photo and proof of your age or disability.

        Passes last 5 years. Westshire will write to you when yours is due for renewal.

        ## Lost or stolen passes

        A replacement costs £10. Report it on the Westshire bus pass pages.
        """,
        lgsl=(273, 280), aliases=("Free bus pass", "Concessionary travel", "Senior bus pass"),
    ),
    _page(
        "roads-and-transport", "bus-timetables-and-journey-planning", "Bus timetables and journey planning",
        "Find bus and train times, plan a journey and see live bus departures in Westshire.",
        "Street Scene Team",
        """
        Westshire County Council publishes public transport information for the whole county, including
        Ashdown district.

        ## Bus timetables

        [Find a bus timetable](https://www.westshire.example.gov.uk/transport/bus-timetables) by route
        number, town or bus stop. Timetables for every route that runs in Westshire are published there.

        ## Plan a journey

        The [Westshire journey planner](https://www.westshire.example.gov.uk/transport/journey-planner)
        finds bus, train and walking routes between any 2 places, with times and changes.

        ## Live bus times

        Most buses in Westshire have tracking. You can:

        - see [live departures from any bus stop](https://www.westshire.example.gov.uk/transport/live-departures)
        - check the screens at Ashdown bus station and the main stops on High Street
        - use the stop code on the bus stop sign to find your stop quickly

        ## Changes and disruption

        Roadworks, bad weather and service changes can affect buses. See the list of
        [bus service changes and disruption](https://www.westshire.example.gov.uk/transport/disruption),
        updated daily.

        ## Main bus routes in Ashdown district

        | Route | Between | How often (weekdays) |
        |---|---|---|
        | 1 | Ashdown to Fernley | Every 20 minutes |
        | 12 | Ashdown to Wenham Cross | Every hour |
        | X5 | Ashdown to Westford | Every 30 minutes |

        ## Help with fares

        You may be able to get a [free bus pass](/roads-and-transport/concessionary-bus-passes) if you are
        older or disabled.
        """,
        lgsl=(908, 902, 903, 905), aliases=("Bus times", "Public transport"), outcomes=("R14",),
    ),
    _page(
        "roads-and-transport", "street-cleaning", "Street cleaning, litter and graffiti",
        "How often we clean streets, and how to report litter, graffiti or a full litter bin.",
        "Street Scene Team",
        """
        We sweep streets, empty litter bins and remove graffiti across Ashdown district.

        ## How often we clean

        | Area | How often |
        |---|---|
        | Town centres | Every day |
        | Main roads | Every 2 weeks |
        | Residential streets | Every 6 weeks |
        | Rural lanes | Every 3 months |

        ## Report a problem

        [Report a street cleaning problem](/forms/report-a-street-cleaning-problem)
        online, or call 01632 960107. You can report:

        - litter, broken glass or leaves
        - a full or damaged litter bin
        - needles and syringes: do not touch them

        For graffiti or fly-posting, [report graffiti](/forms/report-graffiti). For dog fouling,
        [report dog fouling](/forms/report-dog-fouling). We remove offensive graffiti within 1 working day and other graffiti on public property within
        5 working days.

        ## Litter fines

        Our enforcement officers can give a £150 fixed penalty to anyone who drops litter. Fines also
        apply to litter thrown from a vehicle, and are sent to the vehicle's keeper.

        ## Litter picking

        We lend litter-picking kits to community groups and volunteers, for free. Call us to borrow one.
        """,
        lgsl=(582, 584), aliases=("Graffiti removal", "Litter bins", "Street sweeping"), outcomes=("R7",),
    ),
    _page(
        "roads-and-transport", "abandoned-vehicles", "Report an abandoned vehicle",
        "Tell us about a vehicle that looks abandoned on a road or public land.",
        "Street Scene Team",
        """
        A vehicle may be abandoned if it has been left in the same place for a long time and looks
        like nobody uses it.

        ## Signs a vehicle is abandoned

        - it has no number plates
        - it is badly damaged, burnt out or has flat tyres
        - it has not moved for several weeks and is collecting rubbish

        A vehicle without tax is not necessarily abandoned. Report untaxed vehicles to the DVLA.

        ## Report an abandoned vehicle

        [Report an abandoned vehicle](/forms/report-abandoned-vehicle)
        online, or call 01632 960107. Tell us:

        - where it is
        - the make, model, colour and registration number
        - how long it has been there

        If the vehicle is dangerous, for example leaking fuel or on fire, call 999.

        ## What happens next

        We visit within 5 working days. If we think the vehicle is abandoned, we put a notice on it.
        After 7 days, if nobody claims it, we remove it and try to trace the owner.

        Burnt-out or dangerous vehicles are removed within 24 hours.

        ## Vehicles on private land

        We can only remove vehicles from private land if the landowner asks us to. There may be a charge.
        """,
        lgsl=(372,), aliases=("Abandoned cars",), outcomes=("R7",),
    ),

    # --- Environmental health --------------------------------------------------------------------
    _page(
        "environmental-health", "food-hygiene-ratings", "Food hygiene ratings",
        "Check the hygiene rating of a restaurant, café, takeaway or shop, and how ratings work.",
        "Environmental Health Team",
        """
        We inspect every business that sells food in Ashdown district and give it a food hygiene rating
        from 0 to 5.

        ## What the ratings mean

        | Rating | Meaning |
        |---|---|
        | 5 | Hygiene standards are very good |
        | 4 | Hygiene standards are good |
        | 3 | Hygiene standards are generally satisfactory |
        | 2 | Some improvement is necessary |
        | 1 | Major improvement is necessary |
        | 0 | Urgent improvement is required |

        ## Check a rating

        Ratings for every food business in the UK are published on the Food Standards Agency's ratings
        website. Businesses are encouraged to display their rating sticker in the window.

        ## How we inspect

        Our inspectors look at:

        - how food is handled, stored and cooked
        - the condition of the building and equipment
        - how the business manages food safety

        Businesses are inspected every 6 months to 2 years, depending on the risk.

        ## If you are a food business

        You can appeal your rating within 21 days, or ask for a revisit once you have made improvements.
        New businesses must [register a food business](/business/register-a-food-business) with us at least
        28 days before opening.

        ## Report a problem

        If you think food made you ill, or a business is dirty, call us on 01632 960108.
        """,
        lgsl=(406,), aliases=("Food safety", "Scores on the doors"),
    ),
    _page(
        "environmental-health", "noise", "Report a noise problem",
        "Report noise from neighbours, businesses, alarms or building sites.",
        "Environmental Health Team",
        """
        We can investigate noise that is unreasonable and stops you using your home normally.

        ## Noise we can investigate

        - loud music, TV or parties
        - barking dogs
        - house and car alarms
        - noise from pubs, clubs, shops and factories
        - building sites working outside permitted hours

        We cannot usually deal with everyday noise like children playing, doors closing, or traffic.

        ## Before you report it

        If you feel safe doing so, talk to your neighbour. They may not know they are disturbing you.

        ## Report noise

        [Report a noise problem](/forms/report-a-noise-problem) online, or call
        01632 960108. For noise happening now on a Friday or Saturday night, call the out-of-hours noise
        service on 01632 960999, from 10pm to 3am.

        ## What happens next

        1. We write to the person causing the noise.
        2. We ask you to keep a diary of the noise for 2 weeks, or use our noise app to record it.
        3. If the noise is a statutory nuisance, we serve an abatement notice.
        4. If the notice is ignored, we can seize equipment and prosecute.

        If the noise is part of wider [anti-social behaviour](/community-and-living/community-safety/anti-social-behaviour),
        we will work with the police.
        """,
        lgsl=(412, 416), aliases=("Noise complaints", "Noisy neighbours"), outcomes=("R7",),
    ),
    _page(
        "environmental-health", "pest-control", "Pest control",
        "Book a treatment for rats, mice, wasps, fleas or bed bugs at your home.",
        "Environmental Health Team",
        """
        Our pest control officers can treat your home for common pests.

        ## Prices

        | Pest | Price | Price if you get Council Tax Reduction |
        |---|---|---|
        | Rats | Free | Free |
        | Mice | £65 | £32.50 |
        | Wasp nest | £60 | £30 |
        | Fleas | £75 | £37.50 |
        | Bed bugs | £120 | £60 |

        Prices include up to 3 visits. We do not treat bees: contact a local beekeeper instead.

        ## Book a treatment

        Call 01632 960108 to book a treatment and pay by card. We usually visit within 3 working days.

        ## Before we visit

        - keep children and pets away from the treated area
        - for fleas, vacuum all floors and do not vacuum again for 2 weeks after treatment
        - for bed bugs, wash bedding at 60 degrees

        ## Preventing pests

        Keep food in sealed containers, put rubbish in bins with closed lids, and block gaps around
        pipes. Do not feed birds in a way that leaves food on the ground, as this attracts rats.

        ## Businesses

        We offer pest control contracts for businesses. Call us for a quote.
        """,
        lgsl=(431,), aliases=("Rats and mice",), state=IN_REVIEW,
    ),
    _page(
        "environmental-health", "air-quality", "Air quality",
        "How we monitor air quality in Ashdown district and what we are doing to improve it.",
        "Environmental Health Team",
        """
        Air quality in most of Ashdown district is good. We monitor pollution levels and act where they
        are too high.

        ## Air quality management areas

        We have declared 2 air quality management areas, because nitrogen dioxide from traffic was above
        the national limit:

        - High Street and Station Road in Ashdown town centre
        - the A412 through Wenham Cross

        Our air quality action plan sets out how we and Westshire County Council will reduce pollution
        in these areas, for example by changing traffic light timings and encouraging cycling.

        ## Monitoring results

        | Location | Nitrogen dioxide, 2025 average | National limit |
        |---|---|---|
        | High Street, Ashdown | 38 micrograms per cubic metre | 40 |
        | A412, Wenham Cross | 41 micrograms per cubic metre | 40 |
        | Fernley Park | 14 micrograms per cubic metre | 40 |

        ## Smoke control areas

        Ashdown town is a smoke control area. You can only burn authorised fuels, or use an approved
        stove. You can be fined up to £300 for emitting smoke from a chimney.

        ## Bonfires

        Bonfires are not illegal, but smoke can be a nuisance. Use your
        [garden waste collection](/waste-and-recycling/garden-waste) or compost instead.
        """,
        lgsl=(413, 1575), aliases=("Pollution", "Smoke control"), state=IN_REVIEW,
    ),
    _page(
        "environmental-health", "dog-fouling-and-stray-dogs", "Dog fouling and stray dogs",
        "Report dog fouling or a stray dog, and find out what to do if you lose your dog.",
        "Environmental Health Team",
        """
        Our dog wardens deal with stray dogs and dog fouling across Ashdown district.

        ## Dog fouling

        You must clean up after your dog in any public place. You can be fined £100 if you do not.
        Bagged dog waste can go in any litter bin or dog waste bin.

        [Report dog fouling](/forms/report-dog-fouling) online. Tell us
        when it usually happens, and describe the dog and owner if you can. We will patrol the area.

        ## Report a stray dog

        Call us on 01632 960108, Monday to Friday, 8:30am to 5pm. Outside these hours, call 01632 960999.

        If you can, keep the dog somewhere safe until we arrive. Do not approach a dog that seems
        aggressive.

        ## If you have lost your dog

        Call us straight away. We keep stray dogs for 7 days.

        | Fee to collect your dog | Amount |
        |---|---|
        | Statutory fee | £25 |
        | Kennelling, per day | £18 |
        | Collection outside office hours | £40 |

        By law, your dog must be microchipped and wear a collar and tag with your name and address.

        ## Dangerous dogs

        If a dog is dangerously out of control, call the police on 101, or 999 in an emergency.
        """,
        lgsl=(577, 432), aliases=("Dog wardens", "Lost dogs"), outcomes=("R7",),
    ),

    # --- Libraries -----------------------------------------------------------------------------------
    _page(
        "libraries", "opening-times", "Library opening times",
        "Opening times and addresses for Ashdown district's 5 libraries and the mobile library.",
        "Library Service",
        """
        There are 5 libraries in Ashdown district, and a mobile library that visits villages every
        2 weeks.

        ## Opening times

        | Library | Address | Opening hours |
        |---|---|---|
        | Ashdown | Library Square, Ashdown AS1 3BL | Monday to Saturday, 9am to 6pm |
        | Fernley | The Parade, Fernley AS4 1JJ | Tuesday to Saturday, 9:30am to 5pm |
        | Wenham Cross | Station Road, Wenham Cross AS7 8LN | Tuesday, Thursday and Saturday, 10am to 4pm |
        | Oakhurst | Village Hall, Oakhurst AS5 6DE | Wednesday and Saturday, 10am to 1pm |
        | Little Aldwick | Church Street, Little Aldwick AS6 2HF | Monday and Friday, 2pm to 6pm |

        All libraries are closed on bank holidays.

        ## Library Plus at Ashdown

        With a library card and PIN, you can use Ashdown Library from 8am to 8pm every day, even when
        staff are not there. Ask staff to set this up for you.

        ## Mobile library

        The mobile library visits 28 villages. Each stop lasts between 20 minutes and an hour. Ask at
        any library or call 01632 960109 for the timetable.

        ## Accessibility

        All our libraries have step-free access and an accessible toilet, except Oakhurst, which has a
        ramp but no accessible toilet.

        To borrow books, you need to [join the library](/libraries/join-the-library).
        """,
        lgsl=(437, 444), aliases=("Library hours", "Mobile library"),
    ),
    _page(
        "libraries", "join-the-library", "Join the library",
        "Join Ashdown Libraries for free to borrow books, use computers and download e-books.",
        "Library Service",
        """
        Anyone who lives, works or studies in Westshire can join Ashdown Libraries. It is free.

        ## Join online

        [Join the library online](https://library.ashdown.example.gov.uk/join) and you can use e-books and
        online resources straight away. Collect your library card from any library: bring proof of your
        address.

        You can also join in person at any library.

        ## What you can do with your card

        - borrow up to 20 books, audiobooks and DVDs at a time
        - reserve books from any library, for free
        - use library computers and wifi
        - borrow [e-books, e-audiobooks and e-magazines](/libraries/ebooks-and-online-resources)

        ## Loans and renewals

        | Item | Loan period | Charge |
        |---|---|---|
        | Books and audiobooks | 3 weeks | Free |
        | DVDs | 1 week | £1.50 |
        | Music scores | 6 weeks | Free |

        [Renew and reserve books](https://library.ashdown.example.gov.uk/account) in your online account,
        by phone on 01632 960109 or at any library. You can renew each item up to 5 times unless someone
        has reserved it.

        ## Overdue items

        We do not charge fines for overdue books. If you keep an item for more than 12 weeks after it is
        due, we will ask you to pay for a replacement.

        ## Children

        Children can join from birth. A parent or carer needs to sign the form for children under 16.
        """,
        lgsl=(438, 440), aliases=("Library card", "Renew library books", "Library membership"), outcomes=("R12",),
    ),
    _page(
        "libraries", "ebooks-and-online-resources", "E-books, e-audiobooks and online resources",
        "Borrow e-books and e-audiobooks, read newspapers and magazines, and research online for free.",
        "Library Service",
        """
        With your library card, you can borrow e-books and e-audiobooks and use online resources for free,
        24 hours a day.

        ## What you can use

        | Resource | What it has |
        |---|---|
        | Ashdown eLibrary | E-books and e-audiobooks for adults and children |
        | Press reader | Newspapers from around the world |
        | Digital magazines | More than 3,000 magazines |
        | Family history resources | Census records and parish registers |
        | Encyclopaedia and reference | Online encyclopaedias and dictionaries |

        ## How to borrow e-books

        1. [Join the library](/libraries/join-the-library) if you are not already a member.
        2. Go to the [Ashdown eLibrary](https://library.ashdown.example.gov.uk/elibrary).
        3. Sign in with your library card number and PIN.
        4. Choose a book and read it in your browser or in the free reading app.

        You can borrow up to 10 e-books and 10 e-audiobooks at a time, for 3 weeks. They return
        themselves automatically.

        ## Help getting started

        Our digital help sessions run every Tuesday morning at Ashdown Library. Bring your phone or
        tablet and staff will help you set up the apps. Book a place by calling 01632 960109.
        """,
        lgsl=(1063,), aliases=("E-books", "E-audiobooks"), outcomes=("R12",),
    ),
    _page(
        "libraries", "local-history", "Local and family history",
        "Research the history of your home, town or family using our local studies collection.",
        "Library Service",
        """
        The local studies collection at Ashdown Library holds books, maps, photographs and newspapers
        about the history of Ashdown district.

        ## What the collection includes

        - local newspapers from 1854 to today, on microfilm
        - Ordnance Survey maps from the 1870s onwards
        - more than 12,000 photographs of the district
        - parish magazines, directories and electoral registers
        - books on local people, places and events

        ## Visiting

        The local studies room is open Tuesday to Saturday, 10am to 4pm. You do not need to book, but
        book a microfilm reader in advance by calling 01632 960109.

        ## Family history

        You can use family history websites for free on library computers. Volunteers from the Ashdown
        Family History Society help on the first Saturday of every month.

        Original parish registers, court records and council records are kept at the Westshire Archives,
        run by Westshire County Council.

        ## Research service

        If you cannot visit, we can search the collection for you.

        | Service | Cost |
        |---|---|
        | First 30 minutes of research | Free |
        | Each extra hour | £25 |
        | Photocopies and scans | 20p a page |

        Email localstudies@ashdown.example.gov.uk with your question.
        """,
        lgsl=(448,), aliases=("Family history", "Local studies", "Genealogy"),
    ),

    # --- Leisure and culture --------------------------------------------------------------------
    _page(
        "leisure-and-culture", "leisure-centres", "Leisure centres and swimming",
        "Swimming, gyms, sports halls and classes at Ashdown and Fernley leisure centres.",
        "Leisure and Culture Team",
        """
        We own 2 leisure centres. They are run for us by Ashdown Active, a not-for-profit trust.

        ## Our leisure centres

        | Leisure centre | Facilities | Opening hours |
        |---|---|---|
        | Ashdown Leisure Centre, Park Road | 25-metre pool, learner pool, gym, sports hall, squash courts | 6:30am to 10pm weekdays, 8am to 6pm weekends |
        | Fernley Pool and Fitness, Mill Lane | 20-metre pool, gym, studio | 7am to 9pm weekdays, 8am to 4pm weekends |

        ## Book a session

        [Book a swim, class or court](https://active.ashdown.example.gov.uk/book) online up to 7 days ahead.
        Members can book up to 14 days ahead.

        ## Prices and memberships

        - a casual adult swim costs £5.20
        - a monthly membership, including gym, swimming and classes, costs £36
        - children under 5 swim free with a paying adult

        ## Ashdown Leisure Pass

        If you get Council Tax Reduction or another means-tested benefit, you can get an Ashdown Leisure
        Pass. It gives you 50% off most activities. Apply at either centre with proof of your benefit.

        ## Swimming lessons

        Lessons for children aged 4 and over run all year. Adult lessons run on weekday evenings. Ask at
        reception or call 01632 960110.
        """,
        lgsl=(451, 456), aliases=("Swimming pools", "Gyms", "Sports centres"), outcomes=("R13",),
    ),
    _page(
        "leisure-and-culture", "parks-and-open-spaces", "Parks and open spaces",
        "Find a park, playground or nature reserve, and report a problem in one of our parks.",
        "Leisure and Culture Team",
        """
        We look after 46 parks, playgrounds and open spaces across Ashdown district.

        ## Our main parks

        | Park | What is there |
        |---|---|
        | Victoria Park, Ashdown | Playground, café, bandstand, tennis courts, toilets |
        | Fernley Recreation Ground | Playground, skate park, football pitches |
        | Millbrook Meadows | Nature reserve, walking trails, bird hide |
        | Wenham Green | Playground, cricket pitch, picnic area |

        Parks are open all the time, except Victoria Park, which is locked from dusk to 7:30am.

        ## Book a pitch or event space

        You can book football and cricket pitches, tennis courts and space for events. Call 01632 960110
        or email parks@ashdown.example.gov.uk.

        ## Report a problem in a park

        [Report a problem in a park](/forms/report-a-problem-in-a-park) online. You can
        report:

        - damaged play equipment
        - overflowing bins or litter
        - fallen trees or branches
        - vandalism or graffiti

        We inspect play equipment every week and fix dangerous damage within 1 working day.

        ## Volunteer in our parks

        Friends groups help look after 12 of our parks. They plant bulbs, pick litter and run events.
        Ask us how to join your local group.
        """,
        lgsl=(461, 670), aliases=("Playgrounds", "Nature reserves", "Play areas", "Sports pitches"), outcomes=("R7",),
    ),
    _page(
        "leisure-and-culture", "allotments", "Allotments",
        "Apply for an allotment plot, and find out how much it costs and what the rules are.",
        "Leisure and Culture Team",
        """
        We have 6 allotment sites with 420 plots. Some parish councils also run allotments.

        ## Apply for a plot

        [Join the allotment waiting list](/forms/join-the-allotment-waiting-list) online.
        You must live in Ashdown district. We offer plots in the order people joined the list.

        Waiting times range from 3 months at Wenham Cross to about 2 years at Victoria Road, Ashdown.

        ## How much a plot costs

        | Plot size | Yearly rent |
        |---|---|
        | Full plot, 250 square metres | £90 |
        | Half plot | £50 |
        | Quarter plot, for beginners | £28 |

        Rent includes water. People over 65 or getting Council Tax Reduction pay half.

        ## Rules for plot holders

        - keep at least three-quarters of your plot cultivated
        - do not light bonfires between April and September
        - sheds and greenhouses need our permission
        - you can keep hens, but not cockerels

        We inspect plots twice a year. If a plot is not looked after, we will write to you, and you could
        lose it.

        ## Parish council allotments

        Oakhurst, Little Aldwick and Fernley allotments are run by the parish council.
        """,
        lgsl=(510,), aliases=("Allotment plots",), review_overdue=True,
    ),
    _page(
        "leisure-and-culture", "ashdown-museum", "Ashdown Museum",
        "Visit Ashdown Museum for free: local history, changing exhibitions and family activities.",
        "Leisure and Culture Team",
        """
        Ashdown Museum tells the story of the district from the Stone Age to today. Entry is free.

        ## Opening times and address

        The museum is in the Old Corn Exchange, Market Street, Ashdown AS1 2CE.

        It is open Tuesday to Saturday, 10am to 4:30pm, and Sunday, 11am to 4pm. It is closed on Mondays,
        except bank holidays.

        ## What you can see

        - the Ashdown Hoard of Roman coins
        - a reconstructed Victorian schoolroom
        - the story of the district's rope-making industry
        - changing exhibitions by local artists

        ## Exhibitions and events in 2026

        | Dates | Exhibition or event |
        |---|---|
        | 10 January to 28 March | Ashdown in Old Photographs |
        | 11 April to 27 June | Made in Westshire: local crafts |
        | Every Saturday in August | Family history trail for children |

        ## Schools and groups

        We run workshops for schools linked to the national curriculum. Call 01632 960110 to book.

        ## Accessibility

        All floors have step-free access, with a lift between floors. Wheelchairs and large-print guides
        are available at reception.
        """,
        lgsl=(620,), aliases=("Museums",), state=IN_REVIEW,
    ),

    # --- Councillors and democracy --------------------------------------------------------------
    _page(
        "councillors-and-democracy", "find-your-councillor", "Find your councillor",
        "Find out who your district councillors are and how to contact them.",
        "Democratic Services",
        """
        Ashdown District Council has 39 councillors, elected to represent 18 wards. Each councillor
        serves for 4 years.

        ## Find your councillor

        [Search for your councillor by postcode](https://democracy.ashdown.example.gov.uk/councillors).
        You can see each councillor's ward, party, contact details, committee roles and declared
        interests.

        ## How councillors can help you

        Your councillor can:

        - raise your concerns with the council
        - help if you are having problems with a council service
        - speak for your area at council meetings

        Contact your councillor by email or phone. Many also hold regular surgeries where you can meet
        them in person.

        ## Your other councillors

        You are also represented by:

        - a Westshire County Council councillor, for county services like schools and roads
        - a parish or town councillor, if you live in a parish
        - a Member of Parliament

        See [parish and town councils](/councillors-and-democracy/parish-and-town-councils) to find your
        parish council.

        ## Councillors' allowances

        Councillors receive a basic allowance of £5,600 a year. We publish what each councillor is paid
        and claims every year.
        """,
        lgsl=(358, 357), aliases=("Councillors", "Ward councillors"), outcomes=("R6",),
    ),
    _page(
        "councillors-and-democracy", "council-meetings", "Council meetings, agendas and minutes",
        "See upcoming council meetings, read agendas and minutes, and find out how to attend or speak.",
        "Democratic Services",
        """
        Most council and committee meetings are open to the public. You can watch in person or online.

        ## Find a meeting

        The [calendar of council meetings](https://democracy.ashdown.example.gov.uk/meetings) is updated
        every day. For each meeting you can see:

        - the agenda, published at least 5 working days before
        - reports and background papers
        - the minutes, usually within 10 working days after
        - a recording, for meetings held in the Council Chamber

        ## Main meetings

        | Meeting | What it does | How often |
        |---|---|---|
        | Full Council | Sets the budget and main policies | 6 times a year |
        | Cabinet | Makes most key decisions | Every month |
        | Planning Committee | Decides larger planning applications | Every 3 weeks |
        | Overview and Scrutiny | Reviews Cabinet decisions | Every 2 months |
        | Licensing Committee | Hears licence applications and reviews | When needed |

        ## Speak at a meeting

        You can ask a question at Full Council, or speak about a planning application at Planning
        Committee. Register by noon, 2 working days before the meeting, by emailing
        democratic.services@ashdown.example.gov.uk.

        ## Petitions

        If a petition has 1,500 signatures or more, it will be debated at Full Council.
        """,
        lgsl=(354,), aliases=("Agendas and minutes", "Committee meetings", "Petitions"), outcomes=("R5",),
    ),
    _page(
        "councillors-and-democracy", "elections", "Elections and voting",
        "Upcoming elections in Ashdown district, how to vote and election results.",
        "Electoral Services",
        """
        We run elections in Ashdown district for the district council, Westshire County Council, parish
        councils, the police and crime commissioner and Parliament.

        ## Upcoming elections

        | Election | Date |
        |---|---|
        | Westshire County Council | Thursday 7 May 2026 |
        | Ashdown District Council, all seats | May 2027 |

        ## Before you can vote

        You must be on the electoral register. [Register to vote](/councillors-and-democracy/elections/register-to-vote)
        if you have moved or have never registered.

        ## Ways to vote

        - in person at your polling station, between 7am and 10pm
        - [by post or by proxy](/councillors-and-democracy/elections/postal-and-proxy-voting)

        Your poll card tells you where your polling station is. You do not need to take it with you.

        ## Photo ID

        You need to show photo ID to vote in person. Accepted ID includes a passport, driving licence,
        Blue Badge and older person's bus pass. If you do not have any, apply for a free Voter Authority
        Certificate at least 6 working days before polling day.

        ## Election results

        Results are published on the [election results page](https://democracy.ashdown.example.gov.uk/elections/results)
        as soon as each count finishes.

        ## Work at an election

        We need polling station staff and count assistants. Email elections@ashdown.example.gov.uk.
        """,
        lgsl=(362, 721), aliases=("Voting", "Polling stations", "Election results"),
    ),
    _page(
        "councillors-and-democracy", "register-to-vote", "Register to vote",
        "Register to vote, check if you are registered, or change your details on the electoral register.",
        "Electoral Services",
        """
        You must be registered to vote before you can vote in any election.

        ## Who can register

        You can register to vote if you live in Ashdown district, are aged 16 or over, and are:

        - a British citizen
        - an Irish or qualifying Commonwealth citizen
        - a citizen of an EU country with voting rights in the UK

        You can vote from the age of 18.

        ## How to register

        Register to vote online through the national government service. It takes about 5 minutes. You
        need your National Insurance number.

        Registering is the same for all elections. You only need to register again if you move or change
        your name.

        ## Check if you are registered

        Call us on 01632 960111 or email elections@ashdown.example.gov.uk. We cannot tell you over the
        phone if someone else is registered.

        ## The open register

        There are 2 versions of the register. The open register can be bought by anyone, for example by
        companies for marketing. You can opt out of the open register at any time, without affecting your
        right to vote.

        ## Deadlines

        To vote in an election, you must register at least 12 working days before polling day.
        """,
        lgsl=(364,), aliases=("Electoral register", "Electoral roll"), parent="elections",
    ),
    _page(
        "councillors-and-democracy", "postal-and-proxy-voting", "Postal and proxy voting",
        "Apply to vote by post, or ask someone you trust to vote for you.",
        "Electoral Services",
        """
        If you cannot get to your polling station, you can vote by post or ask someone to vote for you.
        This is called voting by proxy.

        ## Apply for a postal vote

        Apply online through the national government service, or ask us for a paper form. You need your
        National Insurance number.

        A postal vote lasts 3 years. We will write to you before it ends.

        ## Apply for a proxy vote

        You can choose anyone you trust, who is registered to vote, to vote for you. You can apply for a
        proxy vote for one election, or for up to 3 years if you have a medical condition or work away.

        ## Deadlines

        | Type of vote | Apply by |
        |---|---|
        | Postal vote | 5pm, 11 working days before polling day |
        | Proxy vote | 5pm, 6 working days before polling day |
        | Emergency proxy, for illness or work | 5pm on polling day |

        ## Returning your postal vote

        Post your vote back in the envelope we give you, or hand it in at your polling station by 10pm
        on polling day. You can hand in your own postal vote and up to 5 others.

        ## Questions

        Call Electoral Services on 01632 960111.
        """,
        lgsl=(1013, 361), aliases=("Postal vote", "Proxy vote"), parent="elections",
    ),
    _page(
        "councillors-and-democracy", "parish-and-town-councils", "Parish and town councils",
        "Find your parish or town council and what it does.",
        "Democratic Services",
        """
        There are 31 parish councils and 1 town council in Ashdown district. Ashdown town itself does not
        have a parish council.

        ## What parish councils do

        Parish councils look after local things, such as:

        - village halls and playing fields
        - allotments, in some parishes
        - bus shelters, benches and noticeboards
        - commenting on planning applications in their area

        They also add a small amount to your council tax, called the parish precept.

        ## Larger parish and town councils

        | Council | Clerk's email |
        |---|---|
        | Fernley Town Council | clerk@fernley-tc.example.org.uk |
        | Wenham Cross Parish Council | clerk@wenhamcross-pc.example.org.uk |
        | Oakhurst Parish Council | clerk@oakhurst-pc.example.org.uk |
        | Little Aldwick Parish Council | clerk@littlealdwick-pc.example.org.uk |

        For other parishes, contact Democratic Services on 01632 960111 for the clerk's details.

        ## Parish elections

        Parish councillors are elected every 4 years, at the same time as district councillors. If a
        seat becomes vacant, local people can ask for a by-election.
        """,
        lgsl=(723,), aliases=("Parish councils", "Town councils"), review_overdue=True,
    ),

    # --- Community and living ------------------------------------------------------------------
    _page(
        "community-and-living", "community-safety", "Community safety",
        "How we work with the police and others to reduce crime and anti-social behaviour.",
        "Community Safety Team",
        """
        The Ashdown Community Safety Partnership brings together the council, Westshire Police, the fire
        service, health services and housing associations to reduce crime and disorder.

        ## Our priorities for 2026

        - reducing anti-social behaviour in town centres
        - tackling domestic abuse
        - protecting vulnerable people from scams and exploitation
        - reducing harm from drugs and alcohol

        ## CCTV

        We run 84 CCTV cameras in Ashdown, Fernley and Wenham Cross town centres. They are monitored
        from 6pm to 6am every day. To ask for footage of yourself, email cctv@ashdown.example.gov.uk
        within 30 days.

        ## Report a crime or a problem

        | What is happening | Who to contact |
        |---|---|
        | A crime in progress or danger to life | Call 999 |
        | A crime that has already happened | Westshire Police on 101 |
        | Anti-social behaviour | [Report anti-social behaviour](/community-and-living/community-safety/anti-social-behaviour) |
        | Hate crime | Westshire Police on 101, or a hate crime reporting centre |

        ## Domestic abuse

        If you are experiencing domestic abuse, you can get free, confidential support from Westshire
        Domestic Abuse Service on 01632 960444, 24 hours a day.
        """,
        lgsl=(870,), aliases=("CCTV", "Crime prevention", "Domestic abuse"),
    ),
    _page(
        "community-and-living", "anti-social-behaviour", "Report anti-social behaviour",
        "Report anti-social behaviour, and find out what we can do and when to call the police.",
        "Community Safety Team",
        """
        Anti-social behaviour is behaviour that causes harassment, alarm or distress, like intimidation,
        vandalism or persistent noise.

        ## Who to report it to

        - if someone is in danger or a crime is happening now, call 999
        - if it involves threats, violence or drug dealing, call Westshire Police on 101
        - if you are a housing association tenant, tell your landlord
        - for other anti-social behaviour, report it to us

        ## Report it to us

        [Report anti-social behaviour online](/forms/report-anti-social-behaviour),
        or call 01632 960112. Tell us what happened, when and where, and anything that could identify
        those involved.

        We will contact you within 3 working days. We will not tell anyone you reported it.

        ## What we can do

        1. Talk to the people involved, or arrange mediation.
        2. Ask them to sign an acceptable behaviour agreement.
        3. Issue a community protection warning, then a notice.
        4. Apply to court for an injunction.

        ## The community trigger

        If you have reported anti-social behaviour 3 times in 6 months and feel nothing has been done,
        you can ask for a case review. Email community.safety@ashdown.example.gov.uk.
        """,
        lgsl=(1485,), aliases=("Anti-social behaviour", "ASB"), outcomes=("R7",),
        parent="community-safety",
    ),
    _page(
        "community-and-living", "community-grants", "Community grants",
        "Apply for a grant of up to £5,000 for a community project in Ashdown district.",
        "Communities Team",
        """
        Our community grants help voluntary and community groups run projects that benefit people in
        Ashdown district.

        ## Grants available

        | Grant | Amount | Deadline |
        |---|---|---|
        | Small grants | Up to £500 | Open all year |
        | Community project grants | £500 to £5,000 | 30 June and 30 November |
        | Councillor ward grants | Up to £1,000 | Ask your ward councillor |

        ## Who can apply

        You can apply if you are:

        - a voluntary or community group, charity or social enterprise
        - based in, or working for people in, Ashdown district
        - able to show a constitution, a bank account with 2 signatories and your latest accounts

        We cannot fund individuals, political or religious activity, or projects that have already
        started.

        ## What we look for

        - a clear need for the project
        - how many people will benefit
        - support from local people
        - value for money

        ## Apply

        To apply for a community grant, email community@ashdown.example.gov.uk for a form. We
        decide small grants within 4 weeks, and project grants within 8 weeks of the deadline.

        For help with your application, call the Communities Team on 01632 960112. Ashdown Voluntary
        Action also offers free funding advice.
        """,
        lgsl=(871, 615), aliases=("Grants for voluntary organisations",), outcomes=("G2",),
    ),
    _page(
        "community-and-living", "volunteering", "Volunteering",
        "Find volunteering opportunities with the council and local charities.",
        "Communities Team",
        """
        Volunteering is a good way to meet people, learn new skills and help your community.

        ## Volunteer with the council

        | Role | What you would do | Time |
        |---|---|---|
        | Library volunteer | Help at events and digital help sessions | 2 hours a week |
        | Parks friends group member | Plant, tidy and run events in a park | 1 morning a month |
        | Museum guide | Show visitors around Ashdown Museum | 1 day a month |
        | Litter picker | Pick litter in your street or area | When it suits you |

        ## Volunteer with a local organisation

        Ashdown Voluntary Action lists hundreds of opportunities with local charities and community
        groups. They can match you with something that suits your interests and the time you have.

        ## What you can expect

        - training for your role
        - expenses for travel and materials
        - a named contact to support you

        Some roles, such as working with children or vulnerable adults, need a Disclosure and Barring
        Service check. We pay for this.

        ## Find out more about volunteering

        Call the Communities Team on 01632 960112 or email volunteering@ashdown.example.gov.uk.
        """,
        lgsl=(1113,), aliases=("Volunteer",), state=DRAFT,
    ),

    # --- Business --------------------------------------------------------------------------------
    _page(
        "business", "business-rates", "Business rates",
        "How business rates are worked out, how to pay them, and help you can get.",
        "Business Rates Team",
        """
        Business rates are a tax on non-domestic property, like shops, offices, pubs and factories.

        ## How your bill is worked out

        The Valuation Office Agency gives every business property a rateable value. We multiply it by a
        multiplier set by the government, then take off any relief.

        | Multiplier for 2026 to 2027 | Applies to |
        |---|---|
        | Small business multiplier | Rateable values below £51,000 |
        | Standard multiplier | Rateable values of £51,000 or more |

        ## Pay your bill

        You usually pay in 10 monthly instalments. You can pay:

        - by Direct Debit, on the 1st or 15th of the month
        - [pay business rates online](/pay) by card
        - by bank transfer, using your account number as the reference

        Your balance is on your latest bill. To get a statement, or your bills by email,
        [ask us online](/forms/general-enquiry).

        ## Reduce your bill

        You may be able to get [business rates relief](/business/business-rates/business-rates-relief),
        for example small business rate relief or charity relief.

        ## If your rateable value is wrong

        Contact the Valuation Office Agency. Keep paying your bill while they check it.

        ## Tell us about changes

        Tell us within 21 days if you move into or out of a property, or if it becomes empty.
        """,
        lgsl=(54, 56), aliases=("Non-domestic rates", "NNDR"), outcomes=("R11",),
    ),
    _page(
        "business", "business-rates-relief", "Business rates relief",
        "Check if you can get small business, charity, rural or empty property relief.",
        "Business Rates Team",
        """
        You may be able to pay less business rates, or none, if you qualify for relief.

        ## Types of relief

        | Relief | Who can get it | How much |
        |---|---|---|
        | Small business rate relief | One property with a rateable value under £15,000 | Up to 100% |
        | Charitable rate relief | Charities and community amateur sports clubs | 80% |
        | Rural rate relief | The only village shop or post office in a rural settlement | 100% |
        | Empty property relief | Empty properties | 3 months free, or 6 months for industrial |
        | Hardship relief | Businesses in severe temporary difficulty | Depends on circumstances |

        ## Small business rate relief

        If your rateable value is £12,000 or less, you pay nothing. Between £12,001 and £15,000, the relief
        goes down gradually.

        If you take on a second property, you can keep your relief for 12 months.

        ## Apply for relief

        To apply for relief, email business@ashdown.example.gov.uk with your business rates account number
        and evidence for the relief you are claiming, like your charity number.

        We will backdate relief to when you first qualified, up to 6 years.

        ## Subsidy rules

        Some reliefs count as a subsidy. If you get other public funding, we may ask you to declare it.
        """,
        lgsl=(55,), aliases=("Small business rate relief",), parent="business-rates",
    ),
    _page(
        "business", "licences", "Licences and permits",
        "Find out which licences you need for your business, event or activity.",
        "Licensing Team",
        """
        You need a licence from us for some businesses and activities. It is an offence to carry them
        out without one.

        ## Licences we issue

        | Activity | Licence you need |
        |---|---|
        | Selling alcohol, showing films or live music | [Premises licence](/business/licences/alcohol-and-entertainment-licences) |
        | A one-off event with alcohol or entertainment | Temporary event notice |
        | Taxi and private hire | [Taxi and private hire licences](/business/licences/taxi-and-private-hire-licences) |
        | Selling goods on the street | Street trading consent |
        | Tables and chairs outside a café | Pavement licence |
        | Charity collections in the street | Street collection permit |
        | Dog breeding, boarding or pet shops | Animal activity licence |
        | Tattooing and piercing | Skin piercing registration |

        ## How to apply

        Most licences can be applied for online. Fees are set each April. Ask us for the current fees by
        emailing licensing@ashdown.example.gov.uk.

        ## How long it takes

        - temporary event notices: at least 10 working days before the event
        - premises licences: up to 2 months, including a 28-day consultation
        - animal activity licences: about 6 weeks, including an inspection

        ## Public register

        The licensing register lists every licence we have issued and every application we are
        considering. Call 01632 960113 to ask about an entry.
        """,
        lgsl=(1071, 400, 742), aliases=("Licensing", "Street trading", "Temporary event notices"),
        outcomes=("R3",),
    ),
    _page(
        "business", "taxi-and-private-hire-licences", "Taxi and private hire licences",
        "Apply for a taxi or private hire driver, vehicle or operator licence.",
        "Licensing Team",
        """
        You need a licence from us to drive a taxi or private hire vehicle, to licence the vehicle, and
        to take bookings as an operator.

        ## Taxis and private hire vehicles

        - taxis, also called hackney carriages, can use taxi ranks and be hailed in the street
        - private hire vehicles, also called minicabs, must be booked in advance through an operator

        ## Licence fees

        | Licence | Fee | Lasts |
        |---|---|---|
        | Driver, new | £285 | 3 years |
        | Driver, renewal | £240 | 3 years |
        | Taxi vehicle | £310 | 1 year |
        | Private hire vehicle | £290 | 1 year |
        | Private hire operator | £600 | 5 years |

        ## Becoming a driver

        You must:

        - have held a full driving licence for at least 3 years
        - pass an enhanced criminal record check
        - pass a medical examination
        - pass our knowledge test and complete safeguarding training

        We check your documents in person: call 01632 960113 to book an appointment to apply.

        ## Fares

        We set the maximum fares for taxis. Private hire fares are agreed when you book.

        ## Complaints about a taxi

        Email licensing@ashdown.example.gov.uk with the licence number shown on the vehicle, and the date
        and time of your journey.
        """,
        lgsl=(632, 633, 634, 635, 636),
        aliases=("Taxi licence", "Minicab licence", "Private hire licence"),
        parent="licences",
    ),
    _page(
        "business", "alcohol-and-entertainment-licences", "Alcohol and entertainment licences",
        "Apply for a premises licence, personal licence or temporary event notice.",
        "Licensing Team",
        """
        You need a licence to sell alcohol, provide late-night food or put on some kinds of entertainment.

        ## Which licence you need

        | Licence | What it is for | Fee |
        |---|---|---|
        | Premises licence | A pub, shop, restaurant or venue selling alcohol or providing entertainment | £100 to £1,905, depending on rateable value |
        | Personal licence | A person who authorises alcohol sales | £37 |
        | Temporary event notice | A one-off event for up to 499 people | £21 |

        Every premises that sells alcohol must have a designated premises supervisor with a personal
        licence.

        ## Apply for a premises licence

        1. Send us the application form, plan of the premises and fee.
        2. Send copies to the police and other responsible authorities on the same day.
        3. Display a blue notice at the premises and advertise in a local newspaper.
        4. Anyone can comment during the 28-day consultation.

        If nobody objects, we grant the licence. If there are objections, the Licensing Committee
        decides at a hearing.

        ## Temporary event notices

        Give us at least 10 working days' notice. You can give up to 5 a year as a person without a
        personal licence.

        ## Apply online

        To apply for a premises or personal licence, email business@ashdown.example.gov.uk or call
        01632 960113 for an application form.
        """,
        lgsl=(860, 910), aliases=("Premises licence", "Alcohol licence", "Personal licence"),
        parent="licences",
    ),
    _page(
        "business", "register-a-food-business", "Register a food business",
        "Register your food business with us at least 28 days before you start trading. It is free.",
        "Environmental Health Team",
        """
        You must register any business that makes, sells, cooks or stores food, at least 28 days before
        you start trading. Registration is free.

        ## Who needs to register

        - restaurants, cafés, takeaways and pubs
        - shops and market stalls selling food
        - food businesses run from home, including cake makers and childminders who provide food
        - mobile food vans: register with the council where the van is kept
        - online food businesses

        ## How to register

        [Register a food business](/forms/register-a-food-business) online. Tell us
        if anything changes, like the type of food you sell, and when you stop trading.

        ## Approval for some businesses

        If you make products from meat, fish, eggs or dairy and sell them to other businesses, you may
        need our approval instead of registering.

        ## After you register

        We will inspect your business, usually within 3 months of you starting to trade, and give you a
        [food hygiene rating](/environmental-health/food-hygiene-ratings).

        ## Free help for new businesses

        We can give you free advice before you open, including help to set up a food safety management
        system. Call us on 01632 960108.
        """,
        lgsl=(390, 845), aliases=("Food business registration",),
    ),

    # --- About the council ---------------------------------------------------------------------
    _page(
        "about-the-council", "help-to-contact-us", "Emergencies and help to contact us",
        "Who to call when we are closed, and help to contact us if you are deaf, need an interpreter or another format.",
        "Customer Services",
        """
        Most things can be done online at any time. Our [contact us page](/contact) has every way to
        reach us: online forms, email, phone, post and the customer service centre, with opening hours.

        ## Emergencies when we are closed

        For emergencies outside office hours, like homelessness, dangerous buildings or a stray dog, call
        01632 960999. For noise happening now on a Friday or Saturday night, call the same number between
        10pm and 3am.

        If someone is in danger, call 999.

        ## If you are deaf or hard of hearing

        Use Relay UK by dialling 18001 then 01632 960000. At the customer service centre, ask for the
        hearing loop.

        ## Interpreters and other formats

        We can provide an interpreter, on the phone or at an appointment, in any language. We can also
        send you information in large print, easy read, audio or braille. Tell us what you need when you
        contact us.

        ## Book an appointment

        You can book an appointment at the customer service centre so you do not have to wait. Call
        01632 960000 or [ask us online](/forms/general-enquiry).

        ## Services run by Westshire County Council

        Schools, adult social care, children's services and roads are run by Westshire County Council.
        Call them on 01632 960300.

        ## Already contacted us?

        Use the reference we sent you to [track your enquiry](/track).
        """,
        aliases=("Customer services", "Council offices", "Opening hours", "Phone numbers", "Out of hours emergencies"),
    ),
    _page(
        "about-the-council", "complaints", "Make a complaint",
        "How to complain about a council service, and what happens next.",
        "Customer Services",
        """
        If you are unhappy with a service we provide, tell us. We use complaints to put things right and
        improve.

        ## Before you complain

        If you are reporting a problem for the first time, like a missed bin, use the report form for
        that service. It is quicker.

        ## How to complain

        [Make a complaint online](/forms/complaint), email
        complaints@ashdown.example.gov.uk or call 01632 960000. Tell us:

        - what went wrong and when
        - how it has affected you
        - what you would like us to do to put it right

        ## What happens next

        | Stage | Who looks into it | We reply within |
        |---|---|---|
        | Stage 1 | The manager of the service | 10 working days |
        | Stage 2 | A senior manager not involved before | 20 working days |

        If we need longer, we will tell you why and when to expect a reply.

        ## If you are still unhappy

        You can ask the Local Government and Social Care Ombudsman to look at your complaint. You usually
        need to have been through our process first.

        ## Complaints about councillors

        Complaints that a councillor has broken the code of conduct go to our Monitoring Officer. Email
        monitoring.officer@ashdown.example.gov.uk.

        ## Compliments

        If someone has done a good job, tell us. We pass compliments on to the staff involved.
        """,
        lgsl=(353,), aliases=("Complaints", "Feedback", "Compliments"),
    ),
    _page(
        "about-the-council", "budgets-and-spending", "Budgets and spending",
        "How we spend our money, our budget for 2026 to 2027, and spending over £500.",
        "Finance",
        """
        We publish how we spend our money so that you can see where it goes.

        ## Our budget for 2026 to 2027

        We will spend £18.4 million on services this year, after income from fees and charges.

        | Service | Net budget |
        |---|---|
        | Waste, recycling and street cleaning | £6.1 million |
        | Housing and homelessness | £2.8 million |
        | Planning and building control | £1.9 million |
        | Leisure, parks and culture | £2.4 million |
        | Council tax and benefits administration | £1.6 million |
        | Other services and support costs | £3.6 million |

        ## Where the money comes from

        - council tax: 52%
        - business rates we keep: 31%
        - government grants: 11%
        - other income and reserves: 6%

        ## Spending over £500

        We publish every payment over £500 each month, as open data. [Download spending over £500](https://data.ashdown.example.gov.uk/spending)
        as a spreadsheet.

        ## Accounts and audit

        Our statement of accounts is published each year after it has been audited. You have the right to
        inspect our accounts for 30 working days each summer.

        ## Senior salaries

        We publish the pay of every employee earning more than £50,000, by job title, in our pay policy
        statement.
        """,
        lgsl=(1465, 1584), aliases=("Council spending", "Statement of accounts", "Council budget", "Senior salaries"),
    ),
    _page(
        "about-the-council", "jobs", "Jobs at the council",
        "See our current vacancies, apprenticeships and what it is like to work for Ashdown District Council.",
        "Human Resources",
        """
        We employ about 420 people in jobs from waste collection and planning to customer service and IT.

        ## Current vacancies

        [Search our current vacancies](https://jobs.ashdown.example.gov.uk/vacancies) and apply online. You
        can set up alerts for the types of job you are interested in.

        ## What we offer

        - a place in the Local Government Pension Scheme
        - 26 days' holiday a year, rising to 31 days after 5 years, plus bank holidays
        - flexible and hybrid working for many roles
        - paid time off to volunteer
        - training and support to get professional qualifications

        ## Apprenticeships

        We offer apprenticeships in business administration, planning, environmental health and
        accountancy. You earn a salary while you train. Apprenticeships are advertised each spring.

        ## Applying

        Read the job description and person specification before you apply. In your application, give
        examples that show how you meet each requirement.

        We are a Disability Confident employer. If you are disabled and meet the essential requirements,
        we will offer you an interview.

        ## Questions about a job

        Email jobs@ashdown.example.gov.uk or call Human Resources on 01632 960000.
        """,
        lgsl=(337,), aliases=("Vacancies", "Careers", "Apprenticeships"),
    ),
    _page(
        "about-the-council", "freedom-of-information", "Freedom of information requests",
        "Ask for information we hold, or for a copy of your own personal information.",
        "Information Governance",
        """
        You have the right to ask for information held by the council. We may have published it already,
        so check our open data and publication scheme first.

        ## Make a freedom of information request

        [Make a freedom of information request](/forms/make-a-freedom-of-information-request) online, or
        email foi@ashdown.example.gov.uk. Tell us:

        - your name and an address for the reply
        - exactly what information you want

        You do not have to say why you want it.

        ## What happens next

        We will reply within 20 working days. We will usually send the information you asked for.
        Sometimes we cannot, for example if it includes other people's personal details. We will explain
        why.

        Requests are free, unless finding the information would cost more than £450 in staff time.

        ## Your own personal information

        To see what personal information we hold about you, make a subject access request by emailing
        data.protection@ashdown.example.gov.uk. We will reply within one month.

        ## Environmental information

        Requests for information about the environment, like planning or pollution, are handled under the
        Environmental Information Regulations. Use the same form.

        ## If you are unhappy with our reply

        Ask us for an internal review within 40 working days. If you are still unhappy, you can complain
        to the Information Commissioner's Office.
        """,
        lgsl=(722, 826), aliases=("FOI", "Subject access request", "Data protection"),
    ),
    _page(
        "about-the-council", "how-the-council-works", "How the council works",
        "What Ashdown District Council does, how decisions are made and who makes them.",
        "Democratic Services",
        """
        Ashdown District Council provides local services for about 128,000 people. Westshire County
        Council provides other services in the same area.

        ## Who does what

        | Ashdown District Council | Westshire County Council |
        |---|---|
        | Bins, recycling and street cleaning | Schools and education |
        | Council tax and housing benefit | Adult social care |
        | Planning and building control | Children's services |
        | Housing and homelessness | Roads, pavements and street lights on roads |
        | Libraries, leisure centres and parks | Public transport and bus passes |
        | Licensing and environmental health | Recycling centres and waste disposal |

        ## How decisions are made

        - Full Council, all 39 councillors, sets the budget and main policies
        - the Cabinet, the Leader and up to 9 councillors, makes most key decisions
        - committees decide planning and licensing applications
        - officers make day-to-day decisions under powers given to them

        The [constitution](https://democracy.ashdown.example.gov.uk/constitution) sets out the rules for
        how decisions are made.

        ## The council's plan

        The Ashdown Council Plan 2024 to 2028 sets out our priorities: a cleaner district, more
        affordable homes, a thriving local economy and good value services. We report progress every
        3 months to Cabinet.

        ## Senior officers

        The Chief Executive leads the council's staff. The Monitoring Officer makes sure we act lawfully.
        """,
        lgsl=(1291,), aliases=("Constitution",), state=DRAFT,
    ),

    # --- Schools and education (run by Westshire County Council) ---------------------------------
    _page(
        "schools", "school-admissions", "Apply for a school place",
        "Westshire County Council handles school admissions. Key dates and how to apply.",
        "Customer Services",
        """
        Westshire County Council handles school admissions for all state schools in Ashdown district.
        Apply to them, not to us.

        ## Key dates for September 2027

        | School place | Apply from | Closing date | Offers sent |
        |---|---|---|---|
        | Starting primary school | 1 September 2026 | 15 January 2027 | 16 April 2027 |
        | Moving to junior school | 1 September 2026 | 15 January 2027 | 16 April 2027 |
        | Starting secondary school | 1 September 2026 | 31 October 2026 | 1 March 2027 |

        Apply on time. Late applications are considered after all on-time ones, so your child is less
        likely to get a place at a school you prefer.

        ## How to apply

        [Apply for a school place](https://www.westshire.example.gov.uk/schools/admissions/apply) on the
        Westshire County Council website. You can name up to 5 schools in order of preference.

        ## Moving schools during the year

        If you move to Ashdown district, or want to change school during the school year,
        [apply for an in-year school place](https://www.westshire.example.gov.uk/schools/admissions/in-year).

        ## If you do not get the school you want

        You can appeal to an independent panel. Westshire County Council will explain how when it
        offers you a place.

        ## Other help

        - [help with school costs](/schools/help-with-school-costs), like free school meals
        - school term dates and school transport are also on the Westshire County Council website
        """,
        lgsl=(13, 14, 705), aliases=("School places", "School admissions"), outcomes=("R1",),
    ),
    _page(
        "schools", "looked-after-children", "Educational support for looked-after children",
        "How the Westshire Virtual School supports the education of children in care and care leavers.",
        "Customer Services",
        """
        Children in care, also called looked-after children, can get extra support with their education.
        This is organised by the Westshire Virtual School, part of Westshire County Council.

        ## What the virtual school does

        The virtual school is not a building. It is a team that:

        - tracks the progress of every child in Westshire's care, wherever they go to school
        - makes sure each child has a personal education plan, reviewed every term
        - gives schools pupil premium plus funding to support each child
        - trains designated teachers, social workers and foster carers
        - helps with school admissions, exclusions and moves between schools

        ## Support for children and young people

        | Age | Support available |
        |---|---|
        | Early years | Funded nursery places and early learning support |
        | 5 to 16 | Tutoring, mentoring and help with exams |
        | 16 to 25 | Help with college, apprenticeships and university, including a bursary |

        Children who were previously in care, for example who have been adopted, can also get advice.

        ## Contact the virtual school

        Foster carers, parents, social workers and schools can
        [contact the Westshire Virtual School](https://www.westshire.example.gov.uk/children/virtual-school).
        Young people can contact them directly too.

        ## Care leavers

        Care leavers can also get help with housing. Our [housing options team](/housing/homelessness)
        works with Westshire County Council to find care leavers a home.
        """,
        lgsl=(1282, 840), aliases=("Virtual school", "Children in care education"), outcomes=("R2",),
    ),
    _page(
        "schools", "help-with-school-costs", "Help with school costs",
        "Free school meals, uniform grants and school transport are provided by Westshire County Council.",
        "Customer Services",
        """
        If you are on a low income, you may be able to get help with the cost of your child's education.
        Westshire County Council provides this help.

        ## Free school meals

        Your child may get free school meals if you get benefits such as Universal Credit with a low
        household income. All children in reception, year 1 and year 2 get free school meals.

        [Apply for free school meals](https://www.westshire.example.gov.uk/schools/free-school-meals)
        on the Westshire County Council website. The school also gets extra funding when you apply.

        ## School uniform grants

        Families who get free school meals can get £60 towards uniform when their child starts secondary
        school. Apply on the same Westshire page as free school meals.

        ## School transport

        Children may get free transport to their nearest suitable school if it is more than 2 miles
        from home and they are under 8, or more than 3 miles from home and they are 8 or over.
        [Apply for school transport](https://www.westshire.example.gov.uk/schools/school-transport)
        on the Westshire County Council website.

        ## Help from Ashdown District Council

        If you get [Housing Benefit](/benefits/housing-benefit) or
        [Council Tax Reduction](/benefits/council-tax-reduction), you may be entitled to free school
        meals too. Apply to Westshire as well.
        """,
        lgsl=(4, 2, 891), aliases=("Free school meals", "School uniform grants", "School transport"),
    ),

    # --- Adult social care (run by Westshire County Council) ------------------------------------
    _page(
        "adult-social-care", "find-care-and-support", "Find care and support",
        "Westshire County Council provides adult social care. How to ask for help and what is available.",
        "Customer Services",
        """
        Westshire County Council is responsible for adult social care in Ashdown district. If you, or
        someone you care for, need help to live independently, contact them.

        ## Ask for a care needs assessment

        A care needs assessment looks at what you can and cannot do, and what would help. It is free.

        [Ask for a care needs assessment](https://www.westshire.example.gov.uk/adult-social-care/assessment)
        on the Westshire County Council website, or call Westshire Adult Social Care on 01632 960300,
        Monday to Friday, 8:30am to 5pm. Out of hours, call 01632 960399.

        ## Types of support

        | Support | What it is |
        |---|---|
        | Care at home | Help with washing, dressing, meals and medication |
        | Day services | Activities and company during the day |
        | Respite care | Short breaks for you and your carer |
        | Care homes | Residential and nursing care |
        | Direct payments | Money to arrange your own care |

        Read about [equipment and adaptations to stay independent](/adult-social-care/find-care-and-support/staying-independent).

        ## Paying for care

        Westshire County Council will look at your income and savings to work out if you need to pay
        towards your care. If you have more than £23,250 in savings, you will usually pay the full cost.

        ## Help from Ashdown District Council

        - a [disabled facilities grant](/housing/disabled-facilities-grants) for larger home adaptations
        - [assisted bin collections](/waste-and-recycling/bin-collection-days/assisted-collections)
        - help paying your council tax through [Council Tax Reduction](/benefits/council-tax-reduction)
        """,
        lgsl=(209, 242, 292),
        aliases=("Social care", "Care homes", "Home care", "Care needs assessment"),
        outcomes=("R18",),
    ),
    _page(
        "adult-social-care", "staying-independent", "Equipment and adaptations to stay independent",
        "Equipment, alarms and home adaptations that help you live safely in your own home.",
        "Customer Services",
        """
        Equipment and small changes to your home can help you stay safe and independent.

        ## Equipment from Westshire County Council

        After an assessment by an occupational therapist, Westshire County Council can provide, free of
        charge:

        - grab rails and stair rails
        - bath and shower seats
        - raised toilet seats and commodes
        - equipment to help you get in and out of bed

        Ask for an occupational therapy assessment through
        [Westshire Adult Social Care](https://www.westshire.example.gov.uk/adult-social-care/assessment).

        ## Community alarms

        Ashdown Lifeline is a personal alarm you wear as a pendant or wristband. If you fall or feel
        unwell, press the button to speak to our control centre, 24 hours a day.

        | Lifeline service | Weekly cost |
        |---|---|
        | Alarm and 24-hour monitoring | £4.80 |
        | Alarm with falls detector | £6.20 |
        | Response visits by our wardens | £3.10 extra |

        Call 01632 960115 to arrange an alarm.

        ## Larger adaptations

        For a stairlift, a level-access shower or a ramp, you may be able to get a
        [disabled facilities grant](/housing/disabled-facilities-grants) from us.
        """,
        lgsl=(205, 313), aliases=("Community alarms", "Telecare", "Occupational therapy"),
        outcomes=("R18",), parent="find-care-and-support",
    ),
    _page(
        "adult-social-care", "carers-support", "Support for carers",
        "If you look after someone, you can get a carer's assessment, breaks and advice.",
        "Customer Services",
        """
        A carer is anyone who looks after a family member or friend who could not manage without their
        help, because of illness, disability, a mental health condition or an addiction.

        ## Get a carer's assessment

        You have the right to a carer's assessment from Westshire County Council, even if the person you
        care for does not get any help from them. It looks at how caring affects you and what would
        help.

        [Ask for a carer's assessment](https://www.westshire.example.gov.uk/adult-social-care/carers/assessment)
        on the Westshire County Council website.

        ## Support you may get

        - breaks from caring, called respite care
        - a carer's emergency card, so someone knows to help the person you care for if you are taken ill
        - money for things that help you, like a gym membership or driving lessons
        - advice on benefits, such as Carer's Allowance

        ## Local carers' groups

        | Group | When it meets |
        |---|---|
        | Ashdown Carers' Café | First Tuesday of the month, 10am to noon, Ashdown Library |
        | Fernley Carers' Support | Every Thursday, 2pm to 4pm, Fernley Community Centre |
        | Young Carers Westshire | For carers aged 8 to 18, call 01632 960316 |

        ## Help with council tax

        If you are a carer, you may not be counted for council tax. Read about
        [council tax discounts and exemptions](/council-tax/discounts-and-exemptions).
        """,
        lgsl=(225, 298), aliases=("Carers", "Young carers", "Respite care"), outcomes=("R18",),
    ),
    _page(
        "adult-social-care", "safeguarding-adults", "Report concerns about an adult at risk",
        "Report abuse or neglect of an adult with care and support needs.",
        "Customer Services",
        """
        If you think an adult with care and support needs is being abused or neglected, report it. You do
        not need proof.

        If someone is in immediate danger, call 999.

        ## Types of abuse

        - physical, sexual or emotional abuse
        - financial abuse, like stealing money or pressuring someone to change a will
        - neglect, including self-neglect
        - domestic abuse
        - modern slavery

        ## Report a concern

        Westshire County Council leads on safeguarding adults.
        [Report a concern about an adult](https://www.westshire.example.gov.uk/adult-social-care/safeguarding/report)
        on their website, or call 01632 960300, Monday to Friday, 8:30am to 5pm. Out of hours, call
        01632 960399.

        Tell them:

        - who you are worried about and where they are
        - what has happened or what you have seen
        - whether the person knows you are reporting it

        ## What happens next

        A social worker will look at the concern, usually within 1 working day. They will talk to the
        adult about what they want to happen, wherever possible.

        ## Council staff and councillors

        If you work for Ashdown District Council and have a concern, also tell our safeguarding lead on
        01632 960112.
        """,
        lgsl=(731,), aliases=("Safeguarding adults", "Adult abuse"), outcomes=("R18",),
    ),
)


# A to Z deep links to services Westshire County Council delivers: (label, url, provider, LGSL id or None).
DEEP_LINKS: tuple[tuple[str, str, str, int | None], ...] = (
    ("Apply for a primary school place", f"{COUNTY_SITE}/schools/admissions/primary", COUNTY, 13),
    ("Apply for a secondary school place", f"{COUNTY_SITE}/schools/admissions/secondary", COUNTY, 14),
    ("School term and holiday dates", f"{COUNTY_SITE}/schools/term-dates", COUNTY, 36),
    ("Free school meals", f"{COUNTY_SITE}/schools/free-school-meals", COUNTY, 4),
    ("School transport", f"{COUNTY_SITE}/schools/school-transport", COUNTY, 891),
    ("Special educational needs assessment", f"{COUNTY_SITE}/schools/send/needs-assessment", COUNTY, 9),
    ("Adult social care assessment", f"{COUNTY_SITE}/adult-social-care/assessment", COUNTY, 209),
    ("Blue Badge", f"{COUNTY_SITE}/roads-and-transport/blue-badge/apply", COUNTY, 279),
    ("Potholes and road maintenance", f"{COUNTY_SITE}/roads/report-a-pothole", COUNTY, 557),
    ("Road gritting", f"{COUNTY_SITE}/roads/winter/gritting-routes", COUNTY, 561),
    ("Roadworks and road closures", f"{COUNTY_SITE}/roads/roadworks", COUNTY, 570),
    ("Report a concern about a child", f"{COUNTY_SITE}/children/report-a-concern", COUNTY, 266),
    ("Fostering", f"{COUNTY_SITE}/children/fostering", COUNTY, 159),
    ("Youth services and activities", f"{COUNTY_SITE}/children/youth-services", COUNTY, 643),
    ("Register a birth", f"{COUNTY_SITE}/registration/register-a-birth", COUNTY, 319),
    ("Register a death", f"{COUNTY_SITE}/registration/register-a-death", COUNTY, 321),
    ("Trading standards consumer advice", f"{COUNTY_SITE}/trading-standards/consumer-advice", COUNTY, 787),
    ("Adult education courses", f"{COUNTY_SITE}/learning/adult-education", COUNTY, 27),
)


# (identifier, label, description) from the esd-toolkit LGSL navigation list, 2013.
LGSL_SUBSET: tuple[tuple[int, str, str], ...] = (
    (2, 'School clothing grants/vouchers',
     'The award of clothing grants or vouchers to assist with the cost of school clothing for families '
     'who are on benefits or on low income.'),
    (4, 'Free school meals',
     'Free school meals are provided for children whose families are in receipt of benefits such as '
     "income support or income based job seeker's allowance. Eligibility criteria may be determined by "
     'the local authority or in some cases by individual schools.'),
    (9, 'Special educational needs assessment',
     'The assessment of special educational needs may be considered when a child has severe or complex '
     'educational needs for which additional resources, or alternative provision may be required to meet '
     'their needs.'),
    (12, 'Nursery school places',
     'Nursery education is offered to children aged four in community maintained nursery classes and '
     'schools and are for two and a half hour sessions per week in term time.'),
    (13, 'Primary school places',
     'Dealing with requests for places at primary schools from parents of prospective pupils. Allocation '
     'of school places according to education authority policy.'),
    (14, 'Secondary school places',
     'Dealing with requests for places at secondary schools from parents of prospective pupils. '
     'Allocation of school places according to education authority policy.'),
    (27, 'Adult education courses',
     'A broad range of adult education courses leading to nationally recognised qualifications to '
     'citizens. Citizens may be eligible for help towards the cost of the courses.'),
    (36, 'School term and holiday dates',
     'The education authority set and publish school term and holiday dates for the forthcoming academic '
     'year.\nIn the UK term dates are usually published for up to 3 years in advance.'),
    (54, 'Business rates annual notification',
     'Providing local business with information on who is required to pay business rates, how business '
     'rates are calculated for a property (valuation), how to pay business rates.'),
    (55, 'Business rate relief',
     'Business owners may be eligible for reductions in their business rates. Examples of reductions are '
     'transitional relief, empty properties, charity relief, rural rate relief and hardship relief. The '
     'council provides advice on eligibility for rate reductions and will provide application forms and '
     'process applications for reductions.'),
    (56, 'Business rates account enquiries',
     'Local businesses can apply to the council for information about their own business rates such as a '
     'statement of their account, details of their property valuation etc. New businesses must apply to '
     'the council for a valuation of their property and to set up a new business rate account.'),
    (57, 'Council tax annual notification',
     'Council tax is payable on domestic dwellings and is charged by the local authority to pay for the '
     'services it provides. The council tax rates should be published each year together with information '
     'on how rates are assessed, eligibility, how to pay etc. The council should also provide information '
     'on how to appeal if you think your council tax bill is incorrect.'),
    (58, 'Council tax account enquiries',
     'The council tax service provides householders with information relating to their council tax and '
     'payments. This may include information on payments, arrears, discount eligibility etc. and copies '
     'of bills.'),
    (59, 'Council tax discount',
     'Processing of requests and assessment of eligibility for a single person or other discount on their '
     'council tax.'),
    (60, 'Council tax exemptions',
     'The council tax exemption scheme may exempt unoccupied and occupied properties from council tax.'),
    (61, 'Council tax band reductions',
     'The local authority may give a band reduction in order to recalculate the amount of council tax '
     'payable if a permanently disabled person lives in a dwelling with certain features which are '
     'essential or of major importance to the well being of the disabled person.'),
    (63, 'Council tax benefit new claim',
     'A claimant may be eligible to claim council tax benefit if they are on low income or in receipt of '
     'income support or job seekers allowance.'),
    (64, 'Council tax benefit current claim',
     'A claimant in receipt of council tax benefit is responsible for informing the local authority of '
     'any changes in their personal and financial circumstances which may affect their benefit.'),
    (65, 'Council tax benefit appeals',
     'A claimant who may be affected by a relevant decision regarding council tax benefit may request the '
     'local authority to revise its decision and also the independent appeals tribunal to consider the '
     'revised decision.'),
    (69, 'Housing benefit new claim',
     'Processing of a new claim for housing benefit from both council and private tenants. Claims require '
     'evidence of tenancy and income in order to assess eligibility for benefit.'),
    (70, 'Housing benefit current claim',
     'Review of housing benefit for an existing client usually as a result of a change of circumstances '
     '(new job, change of address etc.)'),
    (71, 'Housing benefit overpayments',
     'The local authority has a duty to recover overpayments of benefit for which there was no '
     'entitlement from tenants and landlords and where necessary take criminal proceedings in respect of '
     'fraudulent overpayments.'),
    (72, 'Housing benefit appeals',
     'Anyone who has claimed housing benefit and disagrees with the decision made in their assessment can '
     'challenge the decision by submitting an appeals form within one month of the date of the original '
     'decision. The authority is responsible for advising claimants of appeal procedures and '
     'investigating each appeal.'),
    (89, 'Housing allocation system',
     'The local authority or Registered Social Landlord uses a housing point system as a guide to '
     'priority when allocating housing. The points system reflects the current situation or condition in '
     'which an applicant lives.'),
    (92, 'Registering for a council property',
     'The local authority processes applications to go on the housing register and allocates points to '
     'prospective tenants according to their current circumstances. The criteria under which an authority '
     'are likely to accept/reject applications to go on the register are published together with '
     'information on the application procedure.'),
    (108, 'Private tenant advice',
     'A local authority may be able to provide help and advice to existing private tenants who may be a '
     'victim of harassment, illegal eviction or experiencing trouble or issues with their landlord.'),
    (112, 'Homelessness support',
     'This service provides information and advice about housing to people who are homeless or at risk of '
     'becoming homeless. They may be offered temporary accommodation or permanent home.'),
    (137, 'Disabled facilities grant',
     'The disabled facilities grant scheme provides financial assistance towards the cost of essential '
     'adaptation work to make a house fit for a disabled person.'),
    (150, 'Houses in multiple occupation safety inspection',
     'The local authority carries out safety inspection on homes in multiple occupation to ensure that it '
     'is safe, fit to live in and meet the legislative standards.'),
    (159, 'Fostering',
     'Fostering provides homes for children who are temporarily unable to live with their own families '
     'but who wish to maintain contact. Fostering may provide respite care or shared care for children '
     'with disabilities. Support is provided for the children, the foster carers and the family of the '
     'fostered children.'),
    (160, 'Adoption',
     'The local authority attempts to find adoptive homes for children who are no longer able to live in '
     'their own homes. The authority reviews applications from prospective adoptive parents to assess '
     'suitability. Ongoing support is provided for adopted children and their new families.'),
    (178, 'Disabled people - home adaptations and aids',
     'If a client is visually impaired, hard of hearing or has other disabilities for which he/she may '
     'need special equipment or adaptations to his/her home the local authority will provide such '
     'equipment which will assist in overcoming difficulties subject to an assessment of personal needs '
     'to determine eligibility.'),
    (190, 'Benefits advice and assessment',
     'The local authority benefit advisors offer benefit assessment and provide advice about entitlement '
     'to welfare benefits to individuals in receipt of benefit or claiming benefit.'),
    (205, 'Specialist equipment for disabled people',
     'Advice on purchase and/or loan of specialist equipment to help those with physical or sensory '
     'disability manage at home. Usually a needs assessment is made in order to determine the equipment '
     'which may be required.'),
    (209, 'Care needs assessment',
     'Needs assessment is a programme carried out by the local authority to try to establish the needs of '
     'an individual who requires help from social services and to arrange services to meet their needs. '
     'Following an assessment the appropriate services will be provided and a client file opened.'),
    (225, 'Adult carers',
     'Provision of advice and support for adult carers who care for the elderly, children with special '
     'needs and adults with physical or learning disabilities. Carers may be entitled to receive '
     'additional help and support for their own needs from the local authority.'),
    (242, 'Care at home',
     'Care in your own home is offered to people who require assistance with personal care such as '
     'washing or dressing, or other practical daily tasks such as help with domestic chores like cooking '
     'and cleaning, or in some instances, help in managing finances.'),
    (266, 'Child protection',
     'The child protection scheme takes measures to safeguard vulnerable children and young people at '
     'risk or suffering from physical, emotional or sexual abuse. This involves investigating reports of '
     'suspected abuse and where appropriate applying for a Child Assessment Order, Care Order, '
     'Supervision Order or Emergency Protection Order.'),
    (273, "Older people's bus pass",
     'The older persons bus pass entitles the holder to concessionary travel on buses, trains and other '
     'forms of local public transport. To be eligible for a bus pass the applicant must be aged over 60 '
     'and resident in the area.'),
    (274, 'Disabled people - parking bays',
     'Designated parking bay areas may be provided for registered disabled drivers (i.e. blue badge '
     'holders). These may be on-street parking bays outside the residents home where parking difficulties '
     'are experienced or marked bays within residential car parks.'),
    (279, 'Disabled people - parking permits',
     'Blue parking badges allow cars carrying people who are registered blind or people who have severe '
     'walking difficulties to be parked near shops, stations and other facilities. Blue Badges can only '
     'be issued to people who meet the eligibility criteria, not to relatives or carers. They can be used '
     'in any car the badge holder is driving or is a passenger in.'),
    (280, 'Disabled people - bus passes',
     'A bus pass (or other travel concession) is available to local citizens if they are aged 60 and '
     'over, they are physically disabled, they have a learning difficulty or they would be refused a '
     'driving licence. Eligibility is automatic if the applicant is already in receipt of other services '
     'as a result of their age/disability.'),
    (292, 'Adult residential care',
     'Residential or nursing home for elderly people and people with disabilities who are unable to '
     'manage at home.'),
    (298, 'Carers support groups',
     'A list of recognised groups and organisations that provide advice and support for those who are '
     'caring for adults or children with special needs.'),
    (313, 'Community alarms and Telecare',
     'The community alarm service provides peace of mind for people who feel at risk in their own homes. '
     'It is a 24 hour 365 day monitoring service which works via a special alarm unit connected to the '
     'telephone line.\nIn the UK Telecare provides support to people in their own homes with the help of '
     'technology and community response services, allowing them to live more safely and independently. '
     'The equipment available is designed to assist a wide range of people, including older people, '
     'people with disabilities and carers.'),
    (319, 'Birth registration',
     'Registration of a birth.\nEvery birth in England or Wales must be registered in the district in '
     'which it takes place within 42 days of the date of birth.\nIn Scotland, a birth must be registered '
     'in any Registration Office in Scotland within 21 days.'),
    (321, 'Death registration',
     'Registration of a death.\nIn England and Wales a death should be registered in the district in which '
     'it takes place within five days of the date of death. Upon receipt of all required information '
     'pertaining to the deceased person a death certificate is issued by the registrar.\nIn Scotland any '
     'death which occurs must be registered within 8 days by the Registrar of Births, Deaths and '
     'Marriages. A death may be registered in any Registration Office in Scotland provided the death was '
     'in Scotland.'),
    (337, 'Current vacancies', 'Publication of current job vacancies within a local authority.'),
    (353, 'Complaints procedure',
     'Provision of a means for local residents and businesses to comment or complain about any of the '
     'services it provides. Complaints may be about the quality of the service, delays in providing the '
     'service, discrimination or the behaviour of council staff or council representatives.'),
    (354, 'Minutes, agendas and reports',
     'The local authority records and publishes all decisions taken and recommendations made by the local '
     'authority and its committees and panels.'),
    (357, 'Councillors surgeries',
     'Councillor advice surgeries are available to the public who want to obtain information and advice, '
     'make a complaint or enquire about local authority services.'),
    (358, 'Councillors directory',
     'The local authority provides general information on local councillors, including details of who '
     'they are, which area they represent and what they do within the council.'),
    (361, 'Proxy voting',
     'Provision of a facility whereby people who cannot attend the polling station (usually for reasons '
     'of ill-health or employment) on an election day can nominate another person who will vote on their '
     'behalf. The proxy must be eligible to vote in the election themself in order to act on behalf of '
     'another person. In Scotland, the council provides forms to register to vote by proxy.'),
    (362, 'Voting',
     'A programme enabling the members of the public whose name appears on the register of electors to '
     'exercise their right to vote in the election. Providing facilities for voting and counting and '
     'declaring results following an election.'),
    (364, 'Electoral register',
     'A record of everyone who lives within the boundaries of the local authority and who is eligible to '
     'vote at elections. This is kept in two versions, full which includes all electors and edited which '
     'only includes those electors who have given permission for their details to be on the list. The '
     'edited version must be available for viewing by the public at the council, and may be sold '
     'commercially.'),
    (370, 'Change of circumstances',
     'Providing information and advice on when and how local residents are required to notify the council '
     'about a change in circumstances which may effect their entitlement to other council services. '
     'Providing residents with a standard means of notifying a change of circumstances.'),
    (372, 'Abandoned vehicles',
     'The local council will deal with any vehicles reported as abandoned on local roads or property '
     '(usually including private property). The vehicle will be removed.'),
    (390, 'Food business registration',
     '"Food businesses must be registered with the local authority for a designated time period prior to '
     'commencement of business. Failure to register is an automatic offence.\nIn the UK butcher shops and '
     'premises selling raw and cooked meats are subject to separate legislation.."@en'),
    (400, 'Street trading licence',
     'Consent to trade is required for all street trading activities such as hot food vehicles, ice cream '
     'vans and flower stalls. Food business may be subject to inspection and permission to site a mobile '
     'stall will be required from the relevant authority and from the landowner.'),
    (406, 'Food safety inspections',
     'The local authority carries out regular checks on all food premises to ensure the public is '
     'protected and that high standards are maintained. Inspections take place on a frequency determined '
     'by the perceived risk in each premises and ensure that risks have been identified, staff are '
     'adequately trained and the condition and cleanliness of the premises meets required standards.'),
    (412, 'Noise pollution',
     'Complaints about excessive noise are investigated by the local authority who can take action if the '
     'noise is considered to be a statutory nuisance.'),
    (413, 'Air quality',
     'Each council has responsibility for measuring the quality of ambient air to ensure that it meets '
     'required standards in relation to the concentration of a defined range of pollutants such as lead, '
     'nitrogen dioxide, benzene etc. The local authority is also required to keep a copy of any orders '
     'made under relevant legislation.'),
    (416, 'Nuisances',
     'In the event of justified complaint of statutory nuisance such as emissions of smoke, fumes or '
     'gases, dust, steam and smell is justified, a penalty notice will be served upon the person '
     'responsible by the local authority.'),
    (431, 'Pest control',
     'The service is provided for pests considered to be a risk to public health or food safety. A '
     'service is also be provided to control pests that may become a nuisance in houses such as a wide '
     'range of insects.'),
    (432, 'Dog wardens',
     'The dog warden service promotes and monitors responsible dog ownership, enforces dog fouling and '
     'dog nuisance legislation and deals with stray dogs.'),
    (437, 'Library facilities',
     'Information about libraries and library services in the area will be provided by a local authority.'),
    (438, 'Joining a library',
     'Processing of requests to join a local library including assessment of eligibility, issuing of '
     'library cards etc. Publication of information about joining a library.'),
    (440, 'Library loan renewals',
     'Loans from libraries may be renewed or extended subject to availability. The library will check '
     'eligibility for renewal and advise the borrower of the revised return date.'),
    (444, 'Mobile libraries',
     'Mobile libraries serve communities and locations that are some distance from a local library '
     'building. The facilities provided are usually similar to those of a local library but the '
     'availability of items, unless ordered in advance, may be restricted.'),
    (448, 'Archives',
     'Archives are original documents produced by official bodies, societies and individuals that are no '
     'longer in current use. The council may provide a way for local residents and business to view their '
     'archives, often in a local library.'),
    (449, "Children's libraries",
     "The children's library service offers books and computer learning facilities for children. The "
     'library may also provide CDs and cassettes and there will often be organised activities during '
     'school holidays.'),
    (451, 'Sports facilities',
     'Information about sports facilities which are run by the council. This will include location, types '
     'of facility, opening times, booking conditions etc.'),
    (456, 'Leisure passes',
     'Passes which give access to leisure facilities such as swimming pools, gymnasiums, sports halls run '
     'by the local authority. The pass entitles the holder to use the facilities, usually at a reduced '
     'charge and to book facilities where available. The pass may be issued free of charge or at a '
     'concessionary rate to those meeting certain eligibility criteria (disabled, on benefits etc.)'),
    (461, 'Parks and open spaces',
     'Information about parks in the local area including location, facilities, opening times, events etc.'),
    (471, 'Street parking enforcement',
     'Enforcement of on street parking regulations (meters, residential parking bays, yellow lines etc.) '
     'within the local authority area. The council may issue illegally parked vehicles with a ticket and '
     'impose fines.'),
    (473, 'Parking zones',
     'A controlled parking scheme in a street or area where parking is organised in order to help '
     'residents park their vehicles.'),
    (474, 'Parking permits',
     'Issuing of parking permits to residents who keep and use a car, a van or motorcycle on a full-time '
     'basis within a controlled parking zone. Businesses operating within a controlled zone area may also '
     'qualify for permits.'),
    (478, 'Council car parks',
     'Car parks within the geographic boundaries of a local authority which are owned and run by the '
     'local authority. The authority may publish a list of the car parks, their locations and tariffs.'),
    (485, 'Residential planning applications',
     'If a resident is thinking of making alterations to their house/flat they will need to consult the '
     'planning section to see if they require planning permission. Applicants will need planning '
     "permission if the applicant's property is a listed building, if the applicant is planning to alter "
     'or extend their home, if there is a change of use (working from home) and no longer a main home or '
     'if the applicant is interested in putting up a new home.\nIn the UK, if planning permission is '
     'required, the resident must fill in the Standard Planning Application Form (1APP) and meet all of '
     'the Planning Application Requirements (PAR).'),
    (487, 'Full planning applications',
     'A person proposing to alter, extend, build or change the use of premises must apply for planning '
     'permission for development from the local authority. Planning permission for businesses is usually '
     'granted in line with the development plan for the area which will include policies relating to '
     'commercial and industrial development.\nIn the UK this is done by filling in the Standard Planning '
     'Application Form (1APP) and meeting all of the Planning Application Requirements (PAR).'),
    (494, 'Local plans',
     'The local authority prepares local plans to address conservation and development issues and set out '
     'policies on these matters. Local plans provide the basis for making decisions on planning '
     'applications.'),
    (499, 'Building control',
     'The council is responsible for ensuring that buildings are properly designed and constructed so as '
     'to ensure the health, safety, welfare and convenience of people using them. All buildings should '
     'comply with the current building regulations. The local authority inspect plans for new buildings '
     'to check compliance with regulations and periodically inspect the site during construction to '
     'ensure approved plans are adhered to.\nIn Scotland the local authority is responsible for ensuring '
     'that the construction, alteration, extension, demolition and conversion of buildings are conducted '
     'so as to ensure the health, safety, welfare and convenience of citizens. The local authority will '
     'inspect plans for new buildings to check compliance with regulations and periodically inspect sites '
     'during construction to ensure approved plans are adhered to. When the local authority is satisfied '
     'that with the plans they will issue a Building Warrant the legal permission to commence.'),
    (508, 'Tree preservation orders',
     'Tree Preservation Orders are made by a Planning Authority. They are an effective means of '
     'protecting individual trees, groups of trees or woodlands whose removal would have significant '
     'impact on the public amenity of an area. They form a legal constraint permanently attached to the '
     'title of the land where the trees are located.'),
    (510, 'Allotments',
     'Plots of land for use to grow vegetables, fruit and flowers available for rent by local citizens. '
     'Water supplies, sheds/storage and skips are usually provided on allotment sites, car parking may '
     'also be available. The authority will determine the regulations concerning the use of allotments '
     'and is responsible for ensuring adequate security (fences etc.) is provided.'),
    (511, 'Conservation areas',
     'Councils have the power to designate as Conservation Areas, areas of special architectural or '
     'historic interest, the character or appearance of which it is desirable to preserve or enhance. It '
     'is the responsibility of the council to ensure that any new development should be sympathetic to '
     'the special architectural and aesthetic qualities of the area, particularly in terms of scale, '
     'design, materials and space between buildings. Councils have a statutory obligation to compile a '
     'list containing particulars of any area which has been designated as a conservation area which is '
     'available for public inspection.'),
    (516, 'Planning decision notices',
     'The local authority is required to issue a formal decision notice on all planning applications. '
     'Notices should clearly state whether planning permission is granted or refused and should also '
     'provide the applicant with information on how to appeal any decision.'),
    (524, 'Household waste collection',
     'The local authority provides a regular (usually weekly) collection of household rubbish from all '
     'residential premises within the authority boundaries.'),
    (526, 'Household waste containers',
     'The local authority may provide dustbins, wheelie bins or bags for household waste. The type and '
     'size of bins available may vary according to local circumstances and to the nature of the property '
     '(e.g. the number of residents).'),
    (528, 'Bulky household waste collections',
     'Arrangements for special collections for large items such as furniture or items with special '
     'disposal requirements (e.g. refrigerators, tyres). The householder can usually book this service in '
     'advance and there may be a charge for the collection'),
    (530, 'Household garden waste',
     'Garden waste may be collected from outside residential properties. There may be a charge for this '
     'service. Containers for garden waste may be provided or may need to be purchased from the local '
     'authority..'),
    (531, 'Household waste disposal sites',
     'Provision of civic amenity sites which may be used by local residents (usually free of charge) and '
     'businesses (usually charged). The sites provide facilities for collection of all household and '
     'garden waste other than anything which may be considered as hazardous and requiring special '
     'treatment.'),
    (534, 'Recycling sites',
     "Provision of collection sites (also known as bottle or recycling banks and 'bring sites'), for "
     'recyclable waste which are easily accessible by local residents (often near supermarkets, in car '
     'parks etc.). Sites usually have facilities to collect glass and paper with some also providing '
     'facilities for textiles, plastics and cans.'),
    (537, 'Pavement maintenance',
     'The local authority has responsibility for the maintenance of pavements within the area. They '
     'should provide advice on reporting dangerous pavements and what to do in the event of an accident '
     'resulting from trip hazards (holes, uneven paving slabs etc.) on the pavement.'),
    (557, 'Road maintenance',
     'Maintenance and repair of potholes where the surface of the road has been eroded posing a risk to '
     'road users.'),
    (561, 'Road gritting',
     'Gritting of primary and secondary roads within the local authority area when weather conditions may '
     'prove hazardous (i.e. freezing temperatures). The local authority may also provide grit bins for '
     'public use on roads and pavements in potentially dangerous areas.'),
    (564, 'Street lighting',
     'The local authority is responsible for maintenance and repairs of street lights, and lighting '
     'faults including illuminated bollards, signs and beacons.'),
    (570, 'Road closures and diversions',
     'A traffic regulation order issued by the local authority where works on the highway, or some large '
     'deliveries, require a road to be closed temporarily to general traffic.'),
    (577, 'Dog fouling',
     'Any person who permits a dog that is in their charge to foul any area to which the public has '
     'access is committing an offence. The local authority are responsible for monitoring dog fouling and '
     'for initiating court proceedings against offenders.\nIn Scotland legislation makes it an offence not '
     'to clear up after your dog. Offenders face a fixed penalty of which increases if not paid within 28 '
     'days. Offenders can also be reported to the Procurator Fiscal.'),
    (582, 'Street cleaning',
     'The local authority street cleansing programme provides a frequent cleansing of streets, gullies, '
     'car parks, public conveniences and other public areas to remove litter, build up of leaves or any '
     'other conditions which could pose a risk to public health and safety.'),
    (584, 'Graffiti removal',
     'Provision of a facility whereby members of the public cab report graffiti to the council. The '
     'council will arrange for the removal of the graffiti in a timescale determined by the content with '
     'the highest priority likely to be given to graffiti which is racist or offensive in some other way.'),
    (587, 'Flytipping',
     'The council has responsibility for acting on reports of flytipping to both remove the waste and to '
     'locate and prosecute the offenders. Where the waste is hazardous the council has a responsibility '
     'to ensure public safety until such time as the waste can be removed.'),
    (600, 'Dangerous structures',
     'The local authority has a responsibility to deal with buildings which have become dangerous due to '
     'old age, deterioration or settlement, or by more dramatic causes. This includes procurement of '
     'construction work and consultants.'),
    (608, 'Development control',
     'Development Control is responsible for the determination and monitoring of planning applications, '
     'and other associated applications (listed building consent, advertisement consent etc) submitted to '
     'the Council under planning legislation.'),
    (615, 'Grants for voluntary organisations',
     'Provision of grants to local voluntary organisations. Grants are usually available for '
     'projects/organisations that meet the councils criteria and comply with the terms and conditions '
     'imposed on the issue of funding.'),
    (620, 'Museums and galleries',
     'Information and advice on museums and galleries in the local area. The galleries and museums may be '
     'owned and operated by the local authority or by other public bodies. The council may also choose to '
     'provide information on privately run museums and galleries in the local area.'),
    (632, 'Hackney carriage (taxi) licence',
     'A hackney carriage is more commonly called a taxi. It is the responsibility of the local authority '
     'to regulate the number of hackney carriages it licences.'),
    (633, 'Private hire vehicle (minicab) licence',
     'Private hire vehicles (mini cabs) have to be licensed. Private hire vehicles are vehicles that '
     'cannot be hailed from the street, and journeys must be pre-booked. Vehicles must be tested and '
     'inspected before a licence can be issued to ensure that they are mechanically fit, safe and '
     'comfortable.'),
    (634, 'Private hire drivers licence',
     'A licence is required before any person can drive a private hire vehicle. Licenses are issued '
     'subject to proof of eligibility (age, driving licence, criminal records check, medical assessment '
     'etc.).'),
    (635, 'Hackney carriage (taxi) drivers licence',
     'A licence is required before any person can drive a hackney carriage (taxi). Licenses are issued '
     'subject to proof of eligibility (age, driving licence, criminal records check, medical assessment '
     'etc.).'),
    (636, 'Private hire operators licence',
     "A private hire operator's licence is required to enable a person to accept or invite bookings for "
     'private hire vehicles. In Scotland, this covers both the person responsible and the vehicle in '
     'terms of standards, safety, insurance, MOT and similar: their vehicle will be identified with a '
     'unique plate.'),
    (643, "Young people's organised activities",
     'Provision and support of a range of educational services and social activities for children and '
     'young people.'),
    (670, 'Outdoor play facilities',
     'The local authority is responsible for managing play facilities such as playgrounds, outdoor and '
     'indoor play areas catering for age groups ranging from four years to twelve years.'),
    (672, 'Land charges search',
     'Search of official records for information such as registerable charges, improvement grants, tree '
     'preservation orders, road schemes, planning history etc. on a plot of land.'),
    (705, 'School admission appeals',
     'A pupil may appeal for a place at any community school to which they apply and for which they have '
     'been refused a place. The responsibility for appeals rests with the local education authority.'),
    (717, 'Landlord accreditation',
     'A set of standards (or code) relating to the management or physical condition of privately rented '
     'accommodation. Landlords who join a scheme and abide by the standards are accredited. Accreditation '
     'schemes are voluntary. There is no compulsion for landlords to join, but there may be many '
     'advantages.'),
    (721, 'Election results',
     'Publication of the results of all local elections in a variety of formats to make them accessible '
     'to all members of the community.'),
    (722, 'Freedom of Information',
     'The local authority provides information on the availability of public information and documents '
     'held by the authority and advises citizens how to request public information an authority may hold.'),
    (723, 'Parish/town council and councillors',
     'Councillors help facilitate the provision of local services and facilities and take decisions that '
     'form the policy of the local authority. Parish and town local authorities undertake many duties '
     'such as street lighting, managing cemeteries and allotments.'),
    (731, 'Safeguarding vulnerable adults',
     'The adult protection procedure aims to provide a system that a range of organisations or '
     'individuals can use to report and respond to situations where it is suspected, alleged or known '
     'that a vulnerable adult has been abused'),
    (742, 'Street café licence',
     'Permission is required from the local authority to place furniture on pavements - other legislation '
     'may apply depending on the premises.'),
    (787, 'Consumer advice',
     'Providing consumers with information and advice on minimum standards of buying and selling of goods '
     'and services.'),
    (826, 'Data Protection',
     'Regulations to cover the collecting, storing, processing and distribution of personal data. It '
     'gives rights to individuals about whom information is recorded. The local authority is responsible '
     'for ensuring that they comply with the terms of relevant legislation.'),
    (840, 'Support for children in care',
     'A local authority monitors the educational progress of all children in its care and offers advice '
     'and support to both children and carers. Where required any special needs will be considered when '
     'making educational arrangements for looked after children.'),
    (845, 'Food safety advice',
     'The local authority provides advice and information to food businesses in the local area to ensure '
     'that all food supplied is wholesome and produced in a clean, hygienic manner'),
    (851, 'Recycling advice',
     'A council may provide local citizens and businesses with general information about waste, '
     'recycling, greener alternatives, how to reduce waste and provide access and information about other '
     'organisations who may provide associated services (reducing junk mail, furniture reselling etc.)'),
    (854, 'Household waste assisted collection',
     'An assisted refuse collection service provided to residents who, through illness or infirmity, are '
     'unable to put out their refuse and do not have anyone else to assist them.'),
    (855, 'Planning consultation',
     'The involvement of the public in the planning process. When planning applications are submitted '
     'there is a comprehensive system in place which ensures that proposals are publicised in order to '
     'invite comments from the local community. Where a development may be controversial a public enquiry '
     'may be held.'),
    (856, 'Local Development Framework',
     'The Local Development Framework provides the planning framework for the consideration of planning '
     'applications within a local authority area.'),
    (860, 'Premises licence',
     'Any premises requires a licence in order to carry out retail sale of alcohol or the provision of '
     'regulated entertainment or the provision of late night refreshment. A premises can be any location '
     'where such activities take place including a building, a moveable structure, an open space, a '
     'vehicle or vessel.'),
    (870, 'Community safety',
     'Crime, fear of crime and anti-social behaviour is an important consideration for local communities. '
     'Various agencies, including the local council and police, work with the community to reduce crime '
     'and risks to safety and to maintain quality of life for people who live, work and visit the area.'),
    (871, 'Community grants',
     'Funding made available to community or voluntary groups and organisations which are based in the '
     'local area and/or provide services to local people.'),
    (891, 'School transport',
     'Local authorities must provide transport where they consider it necessary to ensure that a child '
     'goes to school. If transport is necessary, then it must be provided free of charge. In most cases '
     'it is up to the local authority to decide what transport is necessary. Eligibility is usually '
     'determined according to age of the pupil and/or the distance which the pupil lives from school.'),
    (898, 'Homes in multiple occupancy licence',
     '"Landlords of houses of multiple occupation (with more than two households or tenants) are required '
     'to be licensed by the Local Authority.\nIn Scotland any rented property which is occupied by three '
     'or more unrelated people, who share a kitchen, bathroom or toilet, must have a licence from the '
     'local authority."@en'),
    (902, 'Journey planning',
     'Providing members of the public with a means to plan a journey to and from any address or station '
     '(bus or rail) within the local area. The planner usually includes all forms of public transport ( '
     'often including walking) and calculates the journey based on departure and arrival times.'),
    (903, 'Real time transport information',
     'Provision of real time information on operating public transport. E.g. Finding out the time of the '
     'next bus using the Internet, SMS or WAP'),
    (905, 'Transport service disruption information',
     'Notification to the public of any current travel problems causing disruption to public transport '
     'services in the local area.'),
    (908, 'Transport timetable information',
     'Publication of timetables for local transport including trains, buses, metro/underground, tram and '
     'any other forms of public transport'),
    (910, 'Personal alcohol and entertainment licence',
     'Granting of personal licences to individuals to supply, or to authorise the supply of alcohol.'),
    (911, 'Housing referrals',
     'The council may refer tenants to Registered Social Landlords (housing associations) within the '
     'council area or to the housing division of another LA where a move to another area is a '
     'possibility. RSLs will normally operate a scheme with the council whereby a proportion of their '
     "property is set aside for people on the council's housing waiting list."),
    (1013, 'Postal voting',
     'Provision of a facility whereby people who cannot attend the polling station on an election day can '
     'have postal ballot papers sent to them.'),
    (1063, 'Online library resources',
     'Public libraries in your area may subscribe to a number of online resources. All will be available '
     'in any library. Some may also available from home.'),
    (1071, 'Temporary event notice',
     '"An event organiser who wishes to provide alcohol or certain types of entertainment must issue a '
     'Temporary Event Notice. The notice is issued to the local licensing authority (usually the borough, '
     'district or unitary council) and the police, either of whom can object to the Notice.\nIn Scotland, '
     'a temporary licence can only be applied for by a voluntary organisation and must be for an event '
     'for their benefit."@en'),
    (1113, 'Volunteering', 'Provision of information on volunteering opportunities available in the community.'),
    (1130, 'Residential recycling collections',
     'The local authority provides a regular (usually weekly) collection of household items for recycling '
     'from residential premises within the authority boundaries.'),
    (1147, 'Local Housing Allowance',
     'Local Housing Allowance (LHA) is for people on a low income renting from a private landlord. The '
     'LHA is based on the broad rental market area and the number of bedrooms the tenant is allowed '
     '(based on who lives with them), not on how much their rent is.'),
    (1148, 'Discretionary Housing Payment',
     'The Discretionary Housing Payment (DHP) scheme covers shortfalls between rental liability and '
     'payment of Housing Benefit and shortfalls between Council Tax liability and entitlement to Council '
     'Tax Benefit. Every claimant who is entitled to the minimum amount of Housing Benefit and or Council '
     'Tax Benefit and who has a shortfall is entitled to make a claim for help.'),
    (1157, 'Building control enforcement',
     'Building control enforcement is a formal procedure available to Local Authorities which enables '
     'them to ensure that building work complies with the national Building Regulations.'),
    (1158, 'Development control enforcement',
     'As part of development control enforcement the Council deals with breaches of planning control and '
     'investigates complaints about unauthorised development.'),
    (1282, 'Educational support for looked after children',
     'The Looked After Children Education Support Service is responsible for ensuring that the local '
     'authority promotes the educational achievement of the children and young people in its care.'),
    (1291, 'Constitution',
     'It is a legal requirement for a public sector organisation to have a constitution which sets out '
     'how the organisation will operate and the procedures that are followed to ensure that decision '
     'making is efficient, transparent and accountable to local people.'),
    (1423, 'Food waste recycling',
     'Local administrations may run a food waste recycle scheme. This may take the form of collecting of '
     'food waste in special containers to be composted in a central facility or providing home food '
     'composters for which there may be a charge.'),
    (1465, 'Council expenditure',
     'Publication of details of council expenditure which can be viewed by local residents'),
    (1485, 'Anti-social behaviour - neighbour nuisance',
     'Police and partner agencies deal with incidents of noise and rowdy behaviour in private property '
     'which is causing a nuisance to neighbours'),
    (1520, 'Debt enforcement',
     'Where money is owed to a local administration they have the right to pursue repayment of the debt. '
     'Such activities are usually carried out under the authority of an enforcement officer who may, if '
     'all other options have failed, seize assets of the debtor to cover the debt.'),
    (1538, 'Cemeteries and crematoria',
     'Provision and maintenance of cemeteries and/or crematoria. Information on location, opening hours '
     'and any regulations is provided.'),
    (1575, 'Smoke control areas',
     'Local authorities may declare the whole or part of the district of the authority to be a Smoke '
     'Control Area. It is an offence to emit smoke from a chimney of a building, (commercial or '
     'residential), from a furnace or from any fixed boiler if located in a designated smoke control '
     "area. It is also an offence to acquire an 'unauthorised fuel' for use within a Smoke Control Area "
     "unless it is used in an 'exempt' appliance ('exempted' from the controls which generally apply in "
     'the smoke control area).'),
    (1584, 'Transparency of accounts', 'Publication of council accounts where they can be read by local citizens.'),
    (1616, 'Private landlord support',
     'Provision of information and support to anyone who is providing property for rent in the local area.'),
)


def page_path(page: DemoPage) -> str:
    """The public address of a demo page: /section/parent/.../slug."""
    slugs, current, seen = [], page, set()
    by_key = {p.key: p for p in PAGES}
    while current is not None and current.key not in seen:
        seen.add(current.key)
        slugs.append(current.slug)
        current = by_key.get((current.section, current.parent)) if current.parent else None
    return f"/{page.section}/" + "/".join(reversed(slugs))


def published_pages() -> tuple[DemoPage, ...]:
    return tuple(p for p in PAGES if p.state == PUBLISHED)


def az_entry_count() -> int:
    """A to Z entries the demo gives: each published page's LGSL services and aliases, and the deep links."""
    return sum(len(p.lgsl) + len(p.aliases) for p in published_pages()) + len(DEEP_LINKS)
