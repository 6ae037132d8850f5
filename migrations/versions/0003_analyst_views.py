"""Analyst experience: full-text search, citation graph, entity and station summaries, tag meanings.

Revision ID: 0003_analyst_views
Revises: 0002_pipeline_staging

Views that aggregate the whole warehouse are materialised (entity_summary, cable_citation_counts,
stations) and refreshed by the pipeline after each publish (etl.warehouse.analyst). Every object
carries a COMMENT ON, so psql's \\d+ and BI tools show the data dictionary.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from migrations.replaceable import definition

revision: str = "0003_analyst_views"
# TEMPORARY: "0002_pipeline_staging" once the lead's staging migration exists.
down_revision: str | Sequence[str] | None = "0002_pipeline_staging"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The tag kinds and definitions as this migration first loaded them, frozen here so that a
#: later edit of etl/reference_data/tag_definitions.csv (synchronised at every load) cannot
#: change what this migration does.
TAG_KINDS = ("subject", "program", "country", "organisation", "person")
_TAG_DEFINITIONS: tuple[tuple[str, str, str], ...] = (
    ("AA", "country", "Aruba"),
    ("ABLD", "subject", "Buildings and real estate (administration)"),
    ("AC", "country", "Antigua and Barbuda"),
    ("AE", "country", "United Arab Emirates"),
    ("AEMR", "subject", "Emergency planning and evacuation (administration)"),
    ("AF", "country", "Afghanistan"),
    ("AFIN", "subject", "Financial management (administration)"),
    ("AG", "country", "Algeria"),
    ("AJ", "country", "Azerbaijan"),
    ("AL", "country", "Albania"),
    ("AM", "country", "Armenia"),
    ("AMED", "subject", "Medical services (administration)"),
    ("AMGT", "subject", "Management of posts (administration)"),
    ("AN", "country", "Andorra"),
    ("AO", "country", "Angola"),
    ("AORC", "subject", "International organisations and conferences (administration)"),
    ("APECO", "organisation", "Asia-Pacific Economic Cooperation"),
    ("APER", "subject", "Personnel (administration)"),
    ("AR", "country", "Argentina"),
    ("AS", "country", "Australia"),
    ("ASEAN", "organisation", "Association of Southeast Asian Nations"),
    ("ASEC", "subject", "Security of post and personnel (administration)"),
    ("ASUP", "subject", "Supplies and equipment (administration)"),
    ("AU", "country", "Austria"),
    ("BA", "country", "Bahrain"),
    ("BB", "country", "Barbados"),
    ("BC", "country", "Botswana"),
    ("BE", "country", "Belgium"),
    ("BEXP", "subject", "Export promotion (business)"),
    ("BF", "country", "Bahamas"),
    ("BG", "country", "Bangladesh"),
    ("BH", "country", "Belize"),
    ("BK", "country", "Bosnia and Herzegovina"),
    ("BL", "country", "Bolivia"),
    ("BM", "country", "Burma"),
    ("BO", "country", "Belarus"),
    ("BR", "country", "Brazil"),
    ("BU", "country", "Bulgaria"),
    ("BX", "country", "Brunei"),
    ("BY", "country", "Burundi"),
    ("CA", "country", "Canada"),
    ("CASC", "subject", "Assistance to citizens abroad (consular)"),
    ("CB", "country", "Cambodia"),
    ("CBW", "program", "Chemical and biological weapons"),
    ("CD", "country", "Chad"),
    ("CE", "country", "Sri Lanka"),
    ("CF", "country", "Republic of the Congo"),
    ("CG", "country", "Democratic Republic of the Congo"),
    ("CH", "country", "China"),
    ("CI", "country", "Chile"),
    ("CJAN", "subject", "Judicial assistance and notarial services (consular)"),
    ("CM", "country", "Cameroon"),
    ("CMGT", "subject", "Consular management"),
    ("CN", "country", "Comoros"),
    ("CO", "country", "Colombia"),
    ("COE", "organisation", "Council of Europe"),
    ("CPAS", "subject", "Passports and citizenship (consular)"),
    ("CS", "country", "Costa Rica"),
    ("CT", "country", "Central African Republic"),
    ("CU", "country", "Cuba"),
    ("CV", "country", "Cabo Verde"),
    ("CVIS", "subject", "Visas (consular)"),
    ("CWC", "program", "Chemical Weapons Convention"),
    ("CY", "country", "Cyprus"),
    ("DA", "country", "Denmark"),
    ("DEA", "organisation", "Drug Enforcement Administration (United States)"),
    ("DHS", "organisation", "Department of Homeland Security (United States)"),
    ("DJ", "country", "Djibouti"),
    ("DR", "country", "Dominican Republic"),
    ("EAGR", "subject", "Agriculture and forestry"),
    ("EAID", "subject", "Foreign economic assistance"),
    ("EAIR", "subject", "Civil aviation"),
    ("EC", "country", "Ecuador"),
    ("ECIN", "subject", "Economic integration and regional cooperation"),
    ("ECON", "subject", "Economic conditions"),
    ("ECPS", "subject", "Communications and postal services"),
    ("EFIN", "subject", "Financial and monetary affairs"),
    ("EFIS", "subject", "Fisheries"),
    ("EG", "country", "Egypt"),
    ("EI", "country", "Ireland"),
    ("EIND", "subject", "Industry and manufacturing"),
    ("EINT", "subject", "Internet and electronic commerce"),
    ("EINV", "subject", "Foreign investment"),
    ("EK", "country", "Equatorial Guinea"),
    ("ELAB", "subject", "Labour affairs"),
    ("ELN", "organisation", "National Liberation Army (Colombia)"),
    ("ELTN", "subject", "Land transport"),
    ("EMIN", "subject", "Minerals and mining"),
    ("EN", "country", "Estonia"),
    ("ENRG", "subject", "Energy and power"),
    ("EPET", "subject", "Petroleum and natural gas"),
    ("ER", "country", "Eritrea"),
    ("ES", "country", "El Salvador"),
    ("ET", "country", "Ethiopia"),
    ("ETRD", "subject", "Foreign trade"),
    ("ETTC", "subject", "Trade and technology controls (export controls, sanctions)"),
    ("EU", "organisation", "European Union (non-standard form of EUN)"),
    ("EUN", "organisation", "European Union"),
    ("EWWT", "subject", "Waterborne transport and shipping"),
    ("EZ", "country", "Czech Republic"),
    ("FAO", "organisation", "Food and Agriculture Organization of the United Nations"),
    ("FARC", "organisation", "Revolutionary Armed Forces of Colombia"),
    ("FBI", "organisation", "Federal Bureau of Investigation (United States)"),
    ("FI", "country", "Finland"),
    ("FJ", "country", "Fiji"),
    ("FMLN", "organisation", "Farabundo Marti National Liberation Front (El Salvador)"),
    ("FR", "country", "France"),
    ("FTAA", "organisation", "Free Trade Area of the Americas"),
    ("GA", "country", "Gambia"),
    ("GB", "country", "Gabon"),
    ("GCC", "organisation", "Gulf Cooperation Council"),
    ("GG", "country", "Georgia"),
    ("GH", "country", "Ghana"),
    ("GM", "country", "Germany"),
    ("GR", "country", "Greece"),
    ("GT", "country", "Guatemala"),
    ("GV", "country", "Guinea"),
    ("GY", "country", "Guyana"),
    ("GZ", "country", "Gaza Strip"),
    ("HA", "country", "Haiti"),
    ("HK", "country", "Hong Kong"),
    ("HO", "country", "Honduras"),
    ("HR", "country", "Croatia"),
    ("HU", "country", "Hungary"),
    ("IAEA", "organisation", "International Atomic Energy Agency"),
    ("IBRD", "organisation", "World Bank (International Bank for Reconstruction and Development)"),
    ("IC", "country", "Iceland"),
    ("ICAO", "organisation", "International Civil Aviation Organization"),
    ("ICRC", "organisation", "International Committee of the Red Cross"),
    ("ICTY", "organisation", "International Criminal Tribunal for the former Yugoslavia"),
    ("ID", "country", "Indonesia"),
    ("IMF", "organisation", "International Monetary Fund"),
    ("IMO", "organisation", "International Maritime Organization"),
    ("IN", "country", "India"),
    ("INTERPOL", "organisation", "International Criminal Police Organization"),
    ("IO", "country", "British Indian Ocean Territory"),
    ("IR", "country", "Iran"),
    ("IS", "country", "Israel"),
    ("IT", "country", "Italy"),
    ("IV", "country", "Cote d'Ivoire"),
    ("IWC", "organisation", "International Whaling Commission"),
    ("IZ", "country", "Iraq"),
    ("JA", "country", "Japan"),
    ("JM", "country", "Jamaica"),
    ("JO", "country", "Jordan"),
    ("KAWC", "program", "Atrocities and war crimes"),
    ("KBIO", "program", "Biological weapons"),
    ("KCFE", "program", "Conventional Armed Forces in Europe treaty"),
    ("KCIP", "program", "Critical infrastructure protection"),
    ("KCOR", "program", "Corruption"),
    ("KCRM", "program", "Criminal activity"),
    ("KDEM", "program", "Democratisation"),
    ("KE", "country", "Kenya"),
    ("KFLU", "program", "Avian and pandemic influenza"),
    ("KFRD", "program", "Consular fraud"),
    ("KG", "country", "Kyrgyzstan"),
    ("KGHG", "program", "Greenhouse gases and climate change"),
    ("KGIC", "program", "Global Initiative to Combat Nuclear Terrorism"),
    ("KHIV", "program", "HIV/AIDS"),
    ("KHLS", "program", "Homeland security"),
    ("KIPR", "program", "Intellectual property rights"),
    ("KIRF", "program", "International religious freedom"),
    ("KISL", "program", "Islam and Islamic affairs"),
    ("KJUS", "program", "Justice and the rule of law"),
    ("KMCA", "program", "Millennium Challenge Account"),
    ("KMDR", "program", "Media reaction reporting"),
    ("KMPI", "program", "Middle East Partnership Initiative"),
    ("KN", "country", "North Korea"),
    ("KNNP", "program", "Nuclear non-proliferation"),
    ("KOLY", "program", "Olympic Games"),
    ("KOMC", "program", "Munitions control"),
    ("KPAL", "program", "Palestinian affairs"),
    ("KPAO", "program", "Public affairs office"),
    ("KPKO", "program", "Peacekeeping operations"),
    ("KR", "country", "Kiribati"),
    ("KS", "country", "South Korea"),
    ("KSCA", "program", "Science and technology cooperation"),
    ("KSTC", "program", "Strategic trade controls"),
    ("KSUM", "program", "Summit meetings"),
    ("KTFN", "program", "Terrorist financing"),
    ("KTIP", "program", "Trafficking in persons"),
    ("KU", "country", "Kuwait"),
    ("KUNR", "program", "United Nations reform"),
    ("KV", "country", "Kosovo"),
    ("KVPR", "program", "Visas Viper (terrorist watch-listing)"),
    ("KWBG", "program", "West Bank and Gaza"),
    ("KWMN", "program", "Women's issues"),
    ("KZ", "country", "Kazakhstan"),
    ("LE", "country", "Lebanon"),
    ("LG", "country", "Latvia"),
    ("LH", "country", "Lithuania"),
    ("LI", "country", "Liberia"),
    ("LO", "country", "Slovakia"),
    ("LT", "country", "Lesotho"),
    ("LTTE", "organisation", "Liberation Tigers of Tamil Eelam (Sri Lanka)"),
    ("LU", "country", "Luxembourg"),
    ("LY", "country", "Libya"),
    ("MA", "country", "Madagascar"),
    ("MARR", "subject", "Military and defence arrangements"),
    ("MASS", "subject", "Military assistance and arms sales"),
    ("MCAP", "subject", "Military capabilities"),
    ("MD", "country", "Moldova"),
    ("MDC", "organisation", "Movement for Democratic Change (Zimbabwe)"),
    ("MG", "country", "Mongolia"),
    ("MI", "country", "Malawi"),
    ("MK", "country", "Macedonia"),
    ("ML", "country", "Mali"),
    ("MNUC", "subject", "Military nuclear applications"),
    ("MO", "country", "Morocco"),
    ("MOPS", "subject", "Military operations"),
    ("MP", "country", "Mauritius"),
    ("MR", "country", "Mauritania"),
    ("MT", "country", "Malta"),
    ("MTCRE", "organisation", "Missile Technology Control Regime"),
    ("MU", "country", "Oman"),
    ("MV", "country", "Maldives"),
    ("MX", "country", "Mexico"),
    ("MY", "country", "Malaysia"),
    ("MZ", "country", "Mozambique"),
    ("NASA", "organisation", "National Aeronautics and Space Administration (United States)"),
    ("NATO", "organisation", "North Atlantic Treaty Organization"),
    ("NG", "country", "Niger"),
    ("NI", "country", "Nigeria"),
    ("NL", "country", "Netherlands"),
    ("NO", "country", "Norway"),
    ("NP", "country", "Nepal"),
    ("NPT", "program", "Nuclear Non-Proliferation Treaty"),
    ("NS", "country", "Suriname"),
    ("NT", "country", "Netherlands Antilles"),
    ("NU", "country", "Nicaragua"),
    ("NZ", "country", "New Zealand"),
    ("OAS", "organisation", "Organization of American States"),
    ("OECD", "organisation", "Organisation for Economic Co-operation and Development"),
    ("OEXC", "subject", "Educational and cultural exchanges"),
    ("OIIP", "subject", "International information programmes"),
    ("OPCW", "organisation", "Organisation for the Prohibition of Chemical Weapons"),
    ("OPDC", "subject", "Diplomatic corps and protocol"),
    ("OPIC", "organisation", "Overseas Private Investment Corporation"),
    ("OPRC", "subject", "Public relations and correspondence"),
    ("OREP", "subject", "Congressional travel (US representatives)"),
    ("OSCE", "organisation", "Organization for Security and Co-operation in Europe"),
    ("OTRA", "subject", "Official travel"),
    ("OVIP", "subject", "Visits of very important persons"),
    ("PA", "country", "Paraguay"),
    ("PARM", "subject", "Arms control and disarmament"),
    ("PBTS", "subject", "Boundaries and territorial sovereignty"),
    ("PE", "country", "Peru"),
    ("PGOV", "subject", "Internal government affairs"),
    ("PHSA", "subject", "High seas affairs (law of the sea, piracy, maritime security)"),
    ("PHUM", "subject", "Human rights"),
    ("PINR", "subject", "Political intelligence and research"),
    ("PINS", "subject", "National security"),
    ("PINT", "subject", "Internal political affairs (variant of PGOV)"),
    ("PK", "country", "Pakistan"),
    ("PL", "country", "Poland"),
    ("PM", "country", "Panama"),
    ("PO", "country", "Portugal"),
    ("PREF", "subject", "Refugees"),
    ("PREL", "subject", "External political relations"),
    ("PSOE", "organisation", "Spanish Socialist Workers' Party"),
    ("PTER", "subject", "Terrorists and terrorism"),
    ("PU", "country", "Guinea-Bissau"),
    ("QA", "country", "Qatar"),
    ("RM", "country", "Marshall Islands"),
    ("RO", "country", "Romania"),
    ("RP", "country", "Philippines"),
    ("RS", "country", "Russia"),
    ("RW", "country", "Rwanda"),
    ("SA", "country", "Saudi Arabia"),
    ("SC", "country", "Saint Kitts and Nevis"),
    ("SCUL", "subject", "Cultural affairs"),
    ("SENV", "subject", "Environmental affairs"),
    ("SF", "country", "South Africa"),
    ("SG", "country", "Senegal"),
    ("SI", "country", "Slovenia"),
    ("SL", "country", "Sierra Leone"),
    ("SM", "country", "San Marino"),
    ("SMIG", "subject", "Migration"),
    ("SN", "country", "Singapore"),
    ("SNAR", "subject", "Narcotics"),
    ("SO", "country", "Somalia"),
    ("SOCI", "subject", "Social conditions"),
    ("SP", "country", "Spain"),
    ("ST", "country", "Saint Lucia"),
    ("SU", "country", "Sudan"),
    ("SW", "country", "Sweden"),
    ("SY", "country", "Syria"),
    ("SZ", "country", "Switzerland"),
    ("TBIO", "subject", "Biological and medical science and technology"),
    ("TD", "country", "Trinidad and Tobago"),
    ("TH", "country", "Thailand"),
    ("TI", "country", "Tajikistan"),
    ("TIP", "program", "Trafficking in persons (variant of KTIP)"),
    ("TK", "country", "Turks and Caicos Islands"),
    ("TP", "country", "Sao Tome and Principe"),
    ("TPHY", "subject", "Physical sciences"),
    ("TRGY", "subject", "Energy technology (nuclear energy and other)"),
    ("TS", "country", "Tunisia"),
    ("TSPA", "subject", "Space and space technology"),
    ("TSPL", "subject", "Science and technology policy"),
    ("TT", "country", "Timor-Leste"),
    ("TU", "country", "Turkey"),
    ("TW", "country", "Taiwan"),
    ("TX", "country", "Turkmenistan"),
    ("TZ", "country", "Tanzania"),
    ("UG", "country", "Uganda"),
    ("UK", "country", "United Kingdom"),
    ("UN", "organisation", "United Nations"),
    ("UNDP", "organisation", "United Nations Development Programme"),
    ("UNESCO", "organisation", "United Nations Educational, Scientific and Cultural Organization"),
    ("UNGA", "organisation", "United Nations General Assembly"),
    ("UNHCR", "organisation", "Office of the UN High Commissioner for Refugees"),
    ("UNHRC", "organisation", "United Nations Human Rights Council"),
    ("UNMIK", "organisation", "United Nations Interim Administration Mission in Kosovo"),
    ("UNSC", "organisation", "United Nations Security Council"),
    ("UP", "country", "Ukraine"),
    ("US", "country", "United States"),
    ("USAID", "organisation", "United States Agency for International Development"),
    ("USEU", "organisation", "United States Mission to the European Union"),
    ("USTR", "organisation", "Office of the United States Trade Representative"),
    ("UV", "country", "Burkina Faso"),
    ("UY", "country", "Uruguay"),
    ("UZ", "country", "Uzbekistan"),
    ("VE", "country", "Venezuela"),
    ("VM", "country", "Vietnam"),
    ("VT", "country", "Holy See (Vatican City)"),
    ("WA", "country", "Namibia"),
    ("WE", "country", "West Bank"),
    ("WHO", "organisation", "World Health Organization"),
    ("WI", "country", "Western Sahara"),
    ("WTO", "organisation", "World Trade Organization"),
    ("WTRO", "organisation", "World Trade Organization"),
    ("XA", "country", "Region: Africa"),
    ("XF", "country", "Region: Middle East and North Africa"),
    ("XL", "country", "Region: Caribbean"),
    ("XM", "country", "Region: Latin America and the Caribbean"),
    ("YI", "country", "Serbia and Montenegro (former Yugoslavia)"),
    ("YM", "country", "Yemen"),
    ("ZA", "country", "Zambia"),
    ("ZANU-PF", "organisation", "Zimbabwe African National Union - Patriotic Front"),
    ("ZI", "country", "Zimbabwe"),
)

CABLE_CITATION_COUNTS = """
CREATE MATERIALIZED VIEW cable_citation_counts AS
SELECT r.cited_id AS cable_id,
       bool_or(cited.cable_id IS NOT NULL) AS in_warehouse,
       max(cited.subject) AS subject,
       max(cited.created_at) AS created_at,
       max(cited.origin) AS origin,
       count(DISTINCT r.cable_id)::integer AS citing_cable_count,
       min(citing.created_at) AS first_cited_at,
       max(citing.created_at) AS last_cited_at
FROM cable_references r
JOIN cables citing ON citing.cable_id = r.cable_id
LEFT JOIN cables cited ON cited.cable_id = r.cited_id
WHERE r.cited_id IS NOT NULL AND r.cited_id <> r.cable_id
GROUP BY r.cited_id
"""

ENTITY_SUMMARY = """
CREATE MATERIALIZED VIEW entity_summary AS
SELECT e.kind,
       e.name,
       count(DISTINCT e.cable_id)::integer AS cable_count,
       count(*)::integer AS mention_count,
       min(c.created_at) AS first_seen_at,
       max(c.created_at) AS last_seen_at,
       (array_agg(e.cable_id ORDER BY c.created_at NULLS LAST, e.cable_id))[1] AS first_cable_id,
       (array_agg(e.cable_id ORDER BY c.created_at DESC NULLS LAST, e.cable_id))[1]
           AS last_cable_id
FROM entities e
JOIN cables c ON c.cable_id = e.cable_id
GROUP BY e.kind, e.name
"""

STATIONS = """
CREATE MATERIALIZED VIEW stations AS
WITH per_origin AS (
    SELECT origin,
           count(*)::integer AS cable_count,
           min(created_at) AS first_cable_at,
           max(created_at) AS last_cable_at
    FROM cables
    WHERE origin IS NOT NULL
    GROUP BY origin
),
indicators AS (
    SELECT origin, origin_routing_indicator AS indicator, count(*) AS uses
    FROM cables
    WHERE origin IS NOT NULL AND origin_routing_indicator IS NOT NULL
    GROUP BY origin, origin_routing_indicator
),
-- A post abroad reports mostly on its host country, so its most frequent country tag names it.
country_tags AS (
    SELECT c.origin, d.code, d.meaning, count(DISTINCT c.cable_id) AS uses
    FROM cables c
    JOIN tags t ON t.cable_id = c.cable_id
    JOIN tag_definitions d ON d.code = t.tag AND d.kind = 'country'
                          AND d.meaning NOT LIKE 'Region:%'
    WHERE c.origin ~ '^(Embassy|Consulate|US Interests Section|American Institute)'
    GROUP BY c.origin, d.code, d.meaning
)
SELECT p.origin,
       (SELECT i.indicator FROM indicators i WHERE i.origin = p.origin
        ORDER BY i.uses DESC, i.indicator LIMIT 1) AS routing_indicator,
       coalesce((SELECT array_agg(i.indicator ORDER BY i.uses DESC, i.indicator)
                 FROM indicators i WHERE i.origin = p.origin), '{}') AS routing_indicators,
       CASE WHEN p.origin = 'Secretary of State' THEN 'US'
            ELSE (SELECT ct.code FROM country_tags ct WHERE ct.origin = p.origin
                  ORDER BY ct.uses DESC, ct.code LIMIT 1)
       END AS country_code,
       CASE WHEN p.origin = 'Secretary of State' THEN 'United States'
            ELSE (SELECT ct.meaning FROM country_tags ct WHERE ct.origin = p.origin
                  ORDER BY ct.uses DESC, ct.code LIMIT 1)
       END AS country,
       p.cable_count,
       p.first_cable_at,
       p.last_cable_at
FROM per_origin p
"""

PERSON_VIEWS = {
    "people": ("PERSON", "People mentioned in the cables"),
    "organisations": ("ORGANIZATION", "Organisations mentioned in the cables"),
    "places": ("LOCATION", "Places mentioned in the cables"),
}

#: Materialised views with the unique index that lets them refresh CONCURRENTLY.
MATERIALISED = {
    "cable_citation_counts": ("cable_id",),
    "entity_summary": ("kind", "name"),
    "stations": ("origin",),
}

OBJECT_COMMENTS: dict[tuple[str, str], str] = {
    ("FUNCTION", "guess_tag_kind(text)"): (
        "Guesses the kind of a tag code with no definition: person for codes with spaces, "
        "commas or brackets, country for two letters, program for K + three letters, subject "
        "for four letters starting A C E M O P S T, organisation otherwise."
    ),
    ("FUNCTION", "search_cables(text, integer)"): (
        "Full-text search (English stemming) over subject and body, in web-search syntax: "
        'words, "quoted phrases", OR, -excluded. Returns up to max_results (default 100) '
        "cables, best first, with a snippet (matches in **bold**) from the best-matching "
        "paragraph. Example: SELECT * FROM search_cables('trafficking -labor');"
    ),
    ("VIEW", "citations"): (
        "The citation graph: one row per REF item of a cable that names another cable, with "
        "whether the cited cable is in the warehouse and, if so, its subject and date."
    ),
    ("MATERIALIZED VIEW", "cable_citation_counts"): (
        "In-degree of the citation graph: one row per cited cable id (in the warehouse or not) "
        "with how many cables cite it. Cables never cited have no row. Refreshed after each "
        "load."
    ),
    ("MATERIALIZED VIEW", "entity_summary"): (
        "One row per person, organisation or place (kind, normalised name) with how many "
        "cables mention it and when it was first and last seen. Refreshed after each load."
    ),
    ("MATERIALIZED VIEW", "stations"): (
        "One row per sending office (origin) with its routing indicator learned from the DE "
        "lines, its country, and its number of cables. Refreshed after each load."
    ),
    ("VIEW", "cable_overview"): (
        "One row per cable with its tags, addressees, and counts of references, citations, "
        "entities and paragraphs: the first table to look at."
    ),
    ("VIEW", "tag_meanings"): (
        "Every tag in use with its meaning from tag_definitions, or for codes the project has "
        "not defined a guessed kind (is_defined = false) and no meaning."
    ),
}

COLUMN_COMMENTS: dict[str, dict[str, str]] = {
    "citations": {
        "citing_cable_id": "The cable that cites (cables.cable_id).",
        "citing_created_at": "When the citing cable was sent.",
        "citing_origin": "Sending office of the citing cable.",
        "position": "Order of the reference in the citing cable's REF block, from 1.",
        "label": "Letter of the reference (A, B, ...) when the REF block is lettered.",
        "raw": "The reference exactly as written, e.g. A. SECSTATE 85578.",
        "cited_id": "Canonical id of the cited cable, e.g. 06STATE85578.",
        "cited_in_warehouse": "True when the cited cable is itself in the warehouse.",
        "cited_subject": "Subject of the cited cable (null when it is not in the warehouse).",
        "cited_created_at": "When the cited cable was sent (null when not in the warehouse).",
        "cited_origin": "Sending office of the cited cable (null when not in the warehouse).",
    },
    "cable_citation_counts": {
        "cable_id": "Canonical id of a cited cable (may be outside the warehouse).",
        "in_warehouse": "True when the cited cable is in the warehouse.",
        "subject": "Subject of the cited cable (null when it is not in the warehouse).",
        "created_at": "When the cited cable was sent (null when not in the warehouse).",
        "origin": "Sending office of the cited cable (null when not in the warehouse).",
        "citing_cable_count": "Number of distinct cables citing it (in-degree).",
        "first_cited_at": "Date of the earliest cable citing it.",
        "last_cited_at": "Date of the latest cable citing it.",
    },
    "entity_summary": {
        "kind": "PERSON, ORGANIZATION or LOCATION.",
        "name": "Normalised name (entities.name).",
        "cable_count": "Number of cables mentioning it.",
        "mention_count": "Number of mentions over all cables.",
        "first_seen_at": "Date of the earliest cable mentioning it.",
        "last_seen_at": "Date of the latest cable mentioning it.",
        "first_cable_id": "The earliest cable mentioning it.",
        "last_cable_id": "The latest cable mentioning it.",
    },
    "stations": {
        "origin": "Sending office in the release vocabulary, e.g. Embassy Phnom Penh.",
        "routing_indicator": "Its routing indicator most used on DE lines, e.g. RUEHPF.",
        "routing_indicators": "Every routing indicator seen on its DE lines, most used first.",
        "country_code": "State Department country code of the country it is in (for posts "
        "abroad: their most frequent country tag; US for the Secretary of State).",
        "country": "Name of that country.",
        "cable_count": "Number of cables it sent in the warehouse.",
        "first_cable_at": "Date of its earliest cable.",
        "last_cable_at": "Date of its latest cable.",
    },
    "cable_overview": {
        "cable_id": "Canonical reference id of the cable.",
        "created_at": "When the cable was sent (UTC).",
        "classification": "Security classification, e.g. CONFIDENTIAL//NOFORN.",
        "origin": "Sending office, e.g. Embassy Phnom Penh.",
        "subject": "Subject line.",
        "tags": "Tags in TAGS-line order.",
        "to_recipients": "Action addressees (TO), in order.",
        "info_recipients": "Information addressees (INFO), in order.",
        "recipient_count": "Number of addressees, TO and INFO together.",
        "reference_count": "Number of REF items, cables or not.",
        "cited_cable_count": "Number of distinct cables it cites.",
        "cited_by_count": "Number of cables citing it (as of the last refresh).",
        "mention_count": "Number of entity mentions in it.",
        "entity_count": "Number of distinct entities (kind and name) mentioned.",
        "person_count": "Number of distinct people mentioned.",
        "organization_count": "Number of distinct organisations mentioned.",
        "location_count": "Number of distinct places mentioned.",
        "paragraph_count": "Number of body paragraphs.",
        "caveats": "Handling caveats, e.g. SIPDIS, NOFORN.",
        "is_partial_extract": "True when the release holds only an extract of it.",
        "is_metadata_only": "True when only its metadata is known, not its text.",
    },
    "tag_meanings": {
        "tag": "The tag as used on cables.",
        "kind": "subject, program, country, organisation or person (guessed when undefined).",
        "meaning": "What the tag means; null when the project has not defined it.",
        "is_defined": "True when tag_definitions defines the tag.",
        "cable_count": "Number of cables carrying the tag.",
        "first_used_at": "Date of the earliest cable carrying it.",
        "last_used_at": "Date of the latest cable carrying it.",
    },
}

_ENTITY_VIEW_COLUMNS = {
    "name": "Normalised name (entities.name).",
    "cable_count": "Number of cables mentioning it.",
    "mention_count": "Number of mentions over all cables.",
    "first_seen_at": "Date of the earliest cable mentioning it.",
    "last_seen_at": "Date of the latest cable mentioning it.",
    "first_cable_id": "The earliest cable mentioning it.",
    "last_cable_id": "The latest cable mentioning it.",
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _comment_columns(relation: str, comments: dict[str, str]) -> None:
    for column, comment in comments.items():
        op.execute(f"COMMENT ON COLUMN {relation}.{column} IS {_quote(comment)}")


def upgrade() -> None:
    """Create the tag dictionary, search function, views and materialised views."""
    op.create_table(
        "tag_definitions",
        sa.Column(
            "code",
            sa.Text(),
            nullable=False,
            comment="The tag code in upper case, e.g. PGOV, KTIP, CB.",
        ),
        sa.Column(
            "kind",
            sa.Text(),
            nullable=False,
            comment="What the code names: subject, program, country (State Department codes, "
            "not ISO; regions too), organisation or person.",
        ),
        sa.Column(
            "meaning",
            sa.Text(),
            nullable=False,
            comment="What the code means, e.g. Internal government affairs, or Cambodia.",
        ),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(_quote(kind) for kind in TAG_KINDS) + ")",
            name=op.f("ck_tag_definitions_kind"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_tag_definitions")),
        comment="Meaning of the TAGS codes seen in the cables, written by the project. "
        "See the view tag_meanings for every tag in use.",
    )
    definitions = sa.table(
        "tag_definitions", sa.column("code"), sa.column("kind"), sa.column("meaning")
    )
    op.bulk_insert(
        definitions,
        [
            {"code": code, "kind": kind, "meaning": meaning}
            for code, kind, meaning in _TAG_DEFINITIONS
        ],
    )

    # Views and functions run their frozen files (migrations/objects); the materialised
    # views 0006 turned into tables stay inline (no object of that name is a view any more).
    for statement in (
        definition("public.guess_tag_kind", revision),
        definition("public.search_cables", revision),
        definition("public.citations", revision),
        CABLE_CITATION_COUNTS,
        ENTITY_SUMMARY,
        STATIONS,
        definition("public.cable_overview", revision),
        definition("public.tag_meanings", revision),
    ):
        op.execute(statement)
    for view, key in MATERIALISED.items():
        op.execute(f"CREATE UNIQUE INDEX ux_{view} ON {view} ({', '.join(key)})")
    op.execute("CREATE INDEX ix_entity_summary_name ON entity_summary (name)")

    for (kind, name), comment in OBJECT_COMMENTS.items():
        op.execute(f"COMMENT ON {kind} {name} IS {_quote(comment)}")
    for relation, comments in COLUMN_COMMENTS.items():
        _comment_columns(relation, comments)

    for view, (kind, description) in PERSON_VIEWS.items():
        op.execute(definition(f"public.{view}", revision))
        op.execute(
            f"COMMENT ON VIEW {view} IS "
            f"{_quote(description + ' (entity_summary rows of kind ' + kind + ').')}"
        )
        _comment_columns(view, _ENTITY_VIEW_COLUMNS)


def downgrade() -> None:
    """Drop everything upgrade created."""
    for view in PERSON_VIEWS:
        op.execute(f"DROP VIEW {view}")
    op.execute("DROP VIEW tag_meanings")
    op.execute("DROP VIEW cable_overview")
    for view in reversed(MATERIALISED):
        op.execute(f"DROP MATERIALIZED VIEW {view}")
    op.execute("DROP VIEW citations")
    op.execute("DROP FUNCTION search_cables(text, integer)")
    op.execute("DROP FUNCTION guess_tag_kind(text)")
    op.drop_table("tag_definitions")
