"""Names of countries and of US states, for questions asking "which country" or "which state": a passage naming
one the question does not is a candidate answer ("Which country was put back on the list?": "Cuba").

A name missing here tells nothing: the question is then read like any other. Each place has one key whatever
the writing ("US", "U.S.", "the United States", "America" are all "united states").
"""

from __future__ import annotations

import re


def _names(text: str) -> dict[str, str]:
    """{"written form": "key"} from lines of "Key|other form|...", the key first."""
    out: dict[str, str] = {}
    for line in text.strip().splitlines():
        forms = [f.strip() for f in line.split("|") if f.strip()]
        out.update({form: forms[0].lower() for form in forms})
    return out


COUNTRIES = _names("""
Afghanistan
Albania
Algeria
Andorra
Angola
Antigua and Barbuda
Argentina
Armenia
Australia
Austria
Azerbaijan
Bahamas
Bahrain
Bangladesh
Barbados
Belarus
Belgium
Belize
Benin
Bhutan
Bolivia
Bosnia and Herzegovina|Bosnia
Botswana
Brazil
Brunei
Bulgaria
Burkina Faso
Burundi
Cambodia
Cameroon
Canada
Cape Verde|Cabo Verde
Central African Republic
Chad
Chile
China
Colombia
Comoros
Democratic Republic of the Congo|DR Congo|DRC
Republic of the Congo|Congo
Costa Rica
Croatia
Cuba
Cyprus
Czech Republic|Czechia
Denmark
Djibouti
Dominica
Dominican Republic
East Timor|Timor-Leste
Ecuador
Egypt
El Salvador
Equatorial Guinea
Eritrea
Estonia
Eswatini|Swaziland
Ethiopia
Fiji
Finland
France
Gabon
Gambia
Georgia
Germany
Ghana
Greece
Greenland
Grenada
Guatemala
Guinea
Guinea-Bissau
Guyana
Haiti
Honduras
Hungary
Iceland
India
Indonesia
Iran
Iraq
Ireland
Israel
Italy
Ivory Coast|Côte d'Ivoire|Cote d'Ivoire
Jamaica
Japan
Jordan
Kazakhstan
Kenya
Kiribati
Kosovo
Kuwait
Kyrgyzstan
Laos
Latvia
Lebanon
Lesotho
Liberia
Libya
Liechtenstein
Lithuania
Luxembourg
Madagascar
Malawi
Malaysia
Maldives
Mali
Malta
Marshall Islands
Mauritania
Mauritius
Mexico
Micronesia
Moldova
Monaco
Mongolia
Montenegro
Morocco
Mozambique
Myanmar|Burma
Namibia
Nauru
Nepal
Netherlands|Holland
New Zealand
Nicaragua
Niger
Nigeria
North Korea
North Macedonia|Macedonia
Norway
Oman
Pakistan
Palau
Palestine
Panama
Papua New Guinea
Paraguay
Peru
Philippines
Poland
Portugal
Qatar
Romania
Russia|Russian Federation
Rwanda
Saint Lucia
Samoa
San Marino
Saudi Arabia
Senegal
Serbia
Seychelles
Sierra Leone
Singapore
Slovakia
Slovenia
Solomon Islands
Somalia
South Africa
South Korea
South Sudan
Spain
Sri Lanka
Sudan
Suriname
Sweden
Switzerland
Syria
Taiwan
Tajikistan
Tanzania
Thailand
Togo
Tonga
Trinidad and Tobago
Tunisia
Turkey|Türkiye|Turkiye
Turkmenistan
Tuvalu
Uganda
Ukraine
United Arab Emirates|UAE
United Kingdom|UK|U.K.|Britain|Great Britain
United States|US|U.S.|USA|U.S.A.|America
Uruguay
Uzbekistan
Vanuatu
Vatican|Vatican City|Holy See
Venezuela
Vietnam
Yemen
Zambia
Zimbabwe
""")

US_STATES = _names("""
Alabama
Alaska
Arizona
Arkansas
California
Colorado
Connecticut
Delaware
Florida
Georgia
Hawaii
Idaho
Illinois
Indiana
Iowa
Kansas
Kentucky
Louisiana
Maine
Maryland
Massachusetts
Michigan
Minnesota
Mississippi
Missouri
Montana
Nebraska
Nevada
New Hampshire
New Jersey
New Mexico
New York
North Carolina
North Dakota
Ohio
Oklahoma
Oregon
Pennsylvania
Rhode Island
South Carolina
South Dakota
Tennessee
Texas
Utah
Vermont
Virginia
Washington
West Virginia
Wisconsin
Wyoming
""")


def _pattern(names: dict[str, str]) -> re.Pattern[str]:
    """Any of the names as written, whole ("Niger" is not in "Nigeria", "Georgia" not in "West Virginia"'s
    neighbour "Georgian"), the longest first ("South Sudan" before "Sudan")."""
    forms = sorted(names, key=len, reverse=True)
    return re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")


_FOUND = {"country": (_pattern(COUNTRIES), COUNTRIES), "state": (_pattern(US_STATES), US_STATES)}


def is_place(text: str) -> bool:
    """Whether the text is the name of a country or a US state and nothing else ("Ohio", "the U.S.")."""
    return any(pattern.fullmatch(text.strip()) for pattern, _names in _FOUND.values())


def places_in(kind: str, text: str) -> set[str]:
    """The countries (`kind` "country") or US states ("state") a text names, each by its key."""
    pattern, names = _FOUND[kind]
    return {names[m.group()] for m in pattern.finditer(text)}
