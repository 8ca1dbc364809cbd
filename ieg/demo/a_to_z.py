"""The demo council's A to Z beyond its own pages: the county's services it links to, and the LGSL
services its pages and links use. Plain data: nothing here reads a file or touches the database.

LGSL_SUBSET is copied from the esd-toolkit navigation list (LGSL, esd-toolkit programme, Open
Government Licence), labels with their whitespace tidied, so the running product needs nothing
outside this repository.
"""
from __future__ import annotations

COUNTY = "Westshire County Council"
COUNTY_SITE = "https://www.westshire.example.gov.uk"


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
