"""Curated word lists the rule-based extractor relies on.

Kept apart from the rules so that an analyst can extend a list (a new acronym, a title) without
reading the matching code. Everything is lower case unless it is an acronym or a display name.
"""

from __future__ import annotations

#: Words that make the capitalised words next to them a role, never part of a person's name.
TITLE_WORDS: frozenset[str] = frozenset(
    """
    president vice prime minister deputy secretary undersecretary under-secretary
    assistant general lieutenant colonel major captain admiral commander chief director
    director-general ambassador charge consul consul-general counselor counsellor senator
    congressman congresswoman governor mayor king queen prince princess sheikh shaykh emir amir
    sultan crown judge magistrate prosecutor attorney chairman chairwoman chairperson chair
    head leader spokesman spokeswoman spokesperson advisor adviser officer commissioner
    inspector mr mrs ms dr professor prof bishop archbishop pope cardinal imam ayatollah
    manager ceo cfo coo founder co-founder coordinator envoy representative delegate attache
    chancellor speaker dcm fm fonmin dpm pm mp cos polcouns poloff econoff polmiloff pol-econ
    emboff emboffs charge' cda gen lt col maj adm sen rep gov amb pres u/s a/s pdas das dep dir
    sgt brig brigadier marshal field-marshal auditor secretary-general
    vice-president vice-minister minister-counselor premier official
    colleague executive treasurer
    """.split()
)

#: Lower-case role nouns that introduce a name right after them
#: (`program officer Sally Neumann`, `counterpart Muhammad Tarnish`).
ROLE_NOUNS: frozenset[str] = frozenset(
    """
    officer advisor adviser co-founder founder director cameraman trafficker national
    counterpart detainee candidate leader chief spokesman spokeswoman official journalist
    activist businessman businesswoman lawyer member head manager representative president
    minister secretary deputy colleague contact editor reporter author economist analyst
    professor mayor governor chairman commander general ambassador diplomat dissident cleric
    opponent rival successor predecessor brother sister son daughter wife husband father
    mother cousin uncle nephew financier financiers tycoon magnate blogger student assistant
    expert negotiator owner partner aide aides staff staffer staffers colonel publisher
    """.split()
)

#: Lower-case verbs that, right after a capitalised name, show that it names a person.
SPEECH_VERBS: frozenset[str] = frozenset(
    """
    said says told tells noted notes stated states explained explains added adds remarked
    remarks reported reports commented comments asked asks argued argues claimed claims
    stressed stresses emphasized emphasised emphasizes expressed expresses described
    describes confirmed confirms agreed agrees replied replies responded responds insisted
    insists acknowledged acknowledges admitted admits complained complains suggested
    suggests warned warns urged urges opined observed recalled mentioned mentions cautioned
    welcomed thanked promised assured believed believes thought thinks wondered doubted
    predicted declared announced recounted pointed conceded lamented underscored highlighted
    indicated asserted maintained pledged offered offers cited cites attributed continued
    """.split()
)

#: Words that start or end an organisation's name (`Ministry of ...`, `... Police`).
ORG_HEADS: frozenset[str] = frozenset(
    """
    ministry ministries department agency bank party police army council court committee
    commission organization organisation union office association institute university
    company corporation authority service services board forces force navy fleet assembly
    parliament senate congress front movement league fund secretariat division section
    center centre corps command foundation airlines airline airways lines times presse
    group tribunal directorate bureau federation confederation alliance coalition cabinet
    guard gendarmerie brigade battalion regiment mission embassy consulate chamber
    college academy network society trust enterprises industries holdings inc ltd
    ngo institution commissariat prosecutors
    """.split()
)

#: Org heads that may sit anywhere in a name and still make it an organisation.
ORG_LEADING_HEADS: frozenset[str] = frozenset(
    "ministry department office bureau council committee commission court bank university "
    "institute agency board".split()
)

#: Domain words that can follow `Minister of`, `Secretary for`, ... and belong to the role.
ROLE_COMPLEMENTS: frozenset[str] = frozenset(
    """
    interior justice foreign affairs defense defence labor labour commerce health education
    finance economy economic economics state national public works agriculture tourism
    information planning environment rural development religion religions cults social land
    management trade industry energy mines mining oil petroleum water resources transport
    transportation communications communication culture women's women youth sport sports
    home homeland security internal external relations international cooperation
    co-operation political politics military intelligence staff personnel human rights
    legal consular administration police immigration customs fisheries forestry housing
    urban science technology telecommunications posts veterans welfare family children
    the and for of in on to with counter-terrorism counterterrorism terrorism narcotics
    nonproliferation non-proliferation proliferation nuclear disarmament arms control
    peacekeeping operations multilateral bilateral regional european asian african american
    middle east eastern western northern southern north south east west central
    oceanian arab gulf affairs. parliamentary assembly budget revenue taxation investment
    privatization reform reforms infrastructure aviation maritime environmental policy
    planning research protocol press media public-affairs business external-affairs
    """.split()
)

#: Capitalised words that often start a sentence or a heading and are never a name by
#: themselves. The english-words list covers the rest of the common vocabulary.
LEADING_NOISE: frozenset[str] = frozenset(
    """
    the a an this that these those according during despite although while when after before
    however post embassy in on at for by with from as if but and or of to comment summary
    end note begin septel reftel ref para paragraph action request also both such some many
    most several other another each every all any no not our we they he she it his her their
    its visit
    """.split()
)

#: Words that end a name when they follow it (`Muhammad Tarnish January 2`).
NAME_STOPPERS: frozenset[str] = frozenset(
    """
    january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday
    """.split()
)

#: Particles that may sit inside a person's name in lower case (`Seif el Din`, `bin Isa`).
NAME_PARTICLES: frozenset[str] = frozenset(
    "al el bin bint ibn abu de del della da das dos do van von der den le la y di du ben".split()
)

#: Common acronyms and their full names. `None` marks a government acronym resolved from
#: the cable's own context (see `GOVERNMENT_PREFIXES`).
ORG_ACRONYMS: dict[str, str] = {
    "MOI": "Ministry of Interior",
    "MOJ": "Ministry of Justice",
    "MFA": "Ministry of Foreign Affairs",
    "MOFA": "Ministry of Foreign Affairs",
    "MEA": "Ministry of External Affairs",
    "MOD": "Ministry of Defense",
    "MOH": "Ministry of Health",
    "MOE": "Ministry of Education",
    "MOF": "Ministry of Finance",
    "MOC": "Ministry of Commerce",
    "MOWA": "Ministry of Women's Affairs",
    "MOSALVY": "Ministry of Social Affairs, Labor, Vocational Training and Youth Rehabilitation",
    "IOM": "International Organization for Migration",
    "ILO": "International Labor Organization",
    "USAID": "United States Agency for International Development",
    "UN": "United Nations",
    "UNSC": "United Nations Security Council",
    "UNGA": "United Nations General Assembly",
    "UNHCR": "United Nations High Commissioner for Refugees",
    "UNDP": "United Nations Development Programme",
    "UNICEF": "United Nations Children's Fund",
    "UNODC": "United Nations Office on Drugs and Crime",
    "UNESCO": "UNESCO",
    "UNIFIL": "UNIFIL",
    "MONUC": "MONUC",
    "WHO": "World Health Organization",
    "WFP": "World Food Programme",
    "FAO": "Food and Agriculture Organization",
    "IMF": "International Monetary Fund",
    "WTO": "World Trade Organization",
    "EU": "European Union",
    "NATO": "NATO",
    "ASEAN": "Association of Southeast Asian Nations",
    "AU": "African Union",
    "GCC": "Gulf Cooperation Council",
    "OAS": "Organization of American States",
    "OSCE": "Organization for Security and Co-operation in Europe",
    "OECD": "Organisation for Economic Co-operation and Development",
    "OPEC": "OPEC",
    "IAEA": "International Atomic Energy Agency",
    "ICC": "International Criminal Court",
    "ICRC": "International Committee of the Red Cross",
    "FBI": "Federal Bureau of Investigation",
    "CIA": "Central Intelligence Agency",
    "DEA": "Drug Enforcement Administration",
    "DHS": "Department of Homeland Security",
    "DOD": "Department of Defense",
    "DOJ": "Department of Justice",
    "DOE": "Department of Energy",
    "FAA": "Federal Aviation Administration",
    "FAS": "Foreign Agricultural Service",
    "APHIS": "Animal and Plant Health Inspection Service",
    "USTR": "Office of the United States Trade Representative",
    "USUN": "United States Mission to the United Nations",
    "OSD": "Office of the Secretary of Defense",
    "CENTCOM": "CENTCOM",
    "NAVCENT": "NAVCENT",
    "PACOM": "PACOM",
    "USPACOM": "PACOM",
    "SOUTHCOM": "SOUTHCOM",
    "AFRICOM": "AFRICOM",
    "EUCOM": "EUCOM",
    "FCO": "Foreign and Commonwealth Office",
    "HMG": "Her Majesty's Government",
    "USG": "United States Government",
    "RGC": "Royal Government of Cambodia",
    "CPP": "Cambodian People's Party",
    "SRP": "Sam Rainsy Party",
    "AFP": "Agence France Presse",
    "BBC": "BBC",
    "CNN": "CNN",
    "LTTE": "LTTE",
    "FARC": "FARC",
    "ELN": "ELN",
    "PKK": "PKK",
    "JEM": "Justice and Equality Movement",
    "NGO": "",  # a kind of organisation, never one by itself
    "ICE": "Immigration and Customs Enforcement",
    "CBP": "Customs and Border Protection",
    "UNSCR": "",  # a resolution, not a body
}

#: Organisations written without any head word that the rules would see.
KNOWN_ORGS: frozenset[str] = frozenset(
    name.strip()
    for name in """
    Interpol|Hamas|Hizballah|Hezbollah|Hizbollah|al Qaeda|al-Qaeda|Al Qaeda|Al-Qaeda|Taliban|
    Gazprom|Nord Stream|Fatah|Congress|Arab League|Red Cross|Red Crescent|World Bank|
    Human Rights Watch|Amnesty International|Reuters|Xinhua|Al Jazeera|Al-Jazeera|
    Transparency International|World Vision|Save the Children|Medecins Sans Frontieres|
    Doctors Without Borders|Peace Corps|Fifth Fleet|Sixth Fleet|Seventh Fleet|Mercosur|
    MERCOSUR|European Commission|European Parliament|Security Council|Human Rights Council|
    General Assembly|Supreme Court|Constitutional Court|National Assembly|White House|
    Pentagon|State Department|Foreign Office|Home Office|Treasury|Politburo
    """.split("|")
)

#: Other names of organisations, mapped to the name the warehouse keeps.
ORG_ALIASES: dict[str, str] = {
    "foreign office": "Foreign and Commonwealth Office",
    "state department": "Department of State",
    "department of state": "Department of State",
    "foreign ministry": "Ministry of Foreign Affairs",
    "ministry of foreign affairs": "Ministry of Foreign Affairs",
    "al qaeda": "al Qaeda",
    "al-qaeda": "al Qaeda",
    "hezbollah": "Hizballah",
    "hizbollah": "Hizballah",
    "security council": "United Nations Security Council",
    "un security council": "United Nations Security Council",
    "general assembly": "United Nations General Assembly",
}

#: Government acronyms formed `GO` + country: GOE = Government of Egypt, GOCR = Costa Rica.
GOVERNMENT_PREFIX = "GO"

#: Named regions and places the city/country gazetteer does not hold.
REGIONS: frozenset[str] = frozenset(
    name.strip()
    for name in """
    Middle East|Near East|Far East|Central Asia|South Asia|Southeast Asia|East Asia|
    Latin America|Central America|South America|North America|Western Europe|Eastern Europe|
    Europe|Africa|Asia|Oceania|Caribbean|Balkans|Caucasus|North Caucasus|South Caucasus|
    Horn of Africa|Sahel|Maghreb|Levant|Persian Gulf|Arabian Gulf|Gulf|Scandinavia|
    West Africa|East Africa|Central Africa|Southern Africa|North Africa|Sub-Saharan Africa|
    Gaza|Gaza Strip|West Bank|Golan Heights|Darfur|Sinai|North Sinai|South Sinai|Upper Egypt|
    Nile Delta|Kurdistan|Kashmir|Tibet|Xinjiang|Chechnya|Western Sahara|Abkhazia|
    South Ossetia|Transnistria|Nagorno-Karabakh|Kosovo|Crimea|Siberia|Patagonia|Amazon|
    Andes|Mindanao|Punjab|Baluchistan|Balochistan|Waziristan|Guantanamo|Guantanamo Bay|GTMO|
    Isa Air Base|Naval Air Station Keflavik|Azadi Square|Tahrir Square|Red Sea|Black Sea|
    Mediterranean|Caspian Sea|Baltic Sea|South China Sea|Indian Ocean|Pacific|Atlantic|
    Arctic|Antarctica|Strait of Hormuz|Suez Canal|Panama Canal|Delta|Siem Reap|
    Toul Kork|Sihanoukville|Poipet|Battambang|Koh Kong|Kampot|Kandal|Takeo|Svay Rieng|
    Banteay Meanchey|Pailin|Preah Vihear|Kampong Cham|Kampong Speu|Kampong Som|Ratanakiri|
    Mondulkiri|Stung Treng|Kratie|Pursat|Prey Veng|Oddar Meanchey|Kep
    """.split("|")
)

#: Country names and abbreviations as cables write them, mapped to the name kept.
COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "United States",
    "US": "United States",
    "USA": "United States",
    "U.S.A.": "United States",
    "America": "United States",
    "United States of America": "United States",
    "UK": "United Kingdom",
    "U.K.": "United Kingdom",
    "Britain": "United Kingdom",
    "Great Britain": "United Kingdom",
    "England": "United Kingdom",
    "PRC": "China",
    "DRC": "Democratic Republic of the Congo",
    "DPRK": "North Korea",
    "ROK": "South Korea",
    "UAE": "United Arab Emirates",
    "Burma": "Burma",
    "Holland": "Netherlands",
    "The Netherlands": "Netherlands",
    "Ivory Coast": "Cote d'Ivoire",
    "Czech Republic": "Czech Republic",
    "Korea": "Korea",
    "Vatican": "Holy See",
}

#: pycountry names that cables never use, replaced by the usual short name.
COUNTRY_RENAMES: dict[str, str] = {
    "Russian Federation": "Russia",
    "Korea, Republic of": "South Korea",
    "Korea, Democratic People's Republic of": "North Korea",
    "Iran, Islamic Republic of": "Iran",
    "Venezuela, Bolivarian Republic of": "Venezuela",
    "Syrian Arab Republic": "Syria",
    "Viet Nam": "Vietnam",
    "Lao People's Democratic Republic": "Laos",
    "Bolivia, Plurinational State of": "Bolivia",
    "Tanzania, United Republic of": "Tanzania",
    "Moldova, Republic of": "Moldova",
    "Palestine, State of": "Palestine",
    "Congo, The Democratic Republic of the": "Democratic Republic of the Congo",
    "Czechia": "Czech Republic",
    "Türkiye": "Turkey",
    "Taiwan, Province of China": "Taiwan",
    "Micronesia, Federated States of": "Micronesia",
    "Holy See (Vatican City State)": "Holy See",
    "Côte d'Ivoire": "Cote d'Ivoire",
    "Brunei Darussalam": "Brunei",
    "Cabo Verde": "Cape Verde",
    "Eswatini": "Swaziland",
    "North Macedonia": "Macedonia",
    "Timor-Leste": "East Timor",
}

#: Words geonames knows as towns but cables use as ordinary words or first names.
PLACE_STOPWORDS: frozenset[str] = frozenset(
    """
    of split nice reading mobile march independence victoria florence jackson lincoln santos
    june july may august april january december university mission union of la post
    president liberty concord surprise opportunity enterprise progress commerce marathon
    paradise hope friendship unity justice ocean bath battle clinton york
    """.split()
)
