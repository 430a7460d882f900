"""Everyday words for cybercrime and criminal procedure, mapped to the Convention's own vocabulary.

People ask about "hacking" or "revenge porn"; the treaty says "illegal access" and "non-consensual
dissemination of intimate images". Matching terms add the treaty's phrasing to the query for both the
lexical and the dense retriever. This is a general glossary of the field, not a list of test questions:
keep entries to what the words mean, never to which article a particular question should hit.
"""

from __future__ import annotations

import re

LAY_TERMS: dict[str, str] = {
    # everyday words for the actors and acts of criminal procedure
    "police": "competent authorities, law enforcement, powers and procedures for criminal investigations",
    "cops": "competent authorities, law enforcement",
    "government": "competent authorities, State Party",
    "authorities": "competent authorities",
    "investigate": "criminal investigations and proceedings, powers and procedures",
    "investigation": "criminal investigations and proceedings, powers and procedures",
    "listen in": "interception of transmissions, real-time collection, interception of content data",
    "spy": "interception, real-time collection of data",
    "spying": "interception, real-time collection of data",
    "intercept": "interception of non-public transmissions",
    "wi-fi": "non-public transmissions of electronic data, electromagnetic emissions",
    "wifi": "non-public transmissions of electronic data, electromagnetic emissions",
    "wipe": "deleting, damaging, deteriorating, altering or suppressing electronic data",
    "wiped": "deleting, damaging, deteriorating, altering or suppressing electronic data",
    "destroy data": "damaging, deleting, deteriorating electronic data",
    "fake": "forgery, inauthentic data as if they were authentic",
    "counterfeit": "forgery, inauthentic data",
    "genuine": "authentic, forgery",
    "trick": "deception as to factual circumstances, fraud",
    "con": "deception, fraud, fraudulent or dishonest intent",
    "kid": "child, person under 18 years of age",
    "kids": "child, children, persons under 18 years of age",
    "teenager": "child, person under 18 years of age, children, self-generated material",
    "teenagers": "children, persons under 18 years of age, self-generated material",
    "minor": "child, person under 18 years of age",
    "minors": "children, persons under 18 years of age",
    "sexting": "self-generated material, consensual production, transmission or possession of material",
    "selfies": "self-generated material",
    "abroad": "outside its territory, another State Party, jurisdiction, nationals",
    "overseas": "outside its territory, another State Party",
    "citizen": "national of that State Party",
    "citizens": "nationals of that State Party",
    "foreigner": "stateless person, person who is not a national",
    "business": "legal persons, private sector",
    "firm": "legal persons",
    "responsible": "liability",
    "liable": "liability",
    "help commit": "participation as an accomplice, assistant or instigator",
    "aid": "participation as an accomplice, assistant",
    "try": "attempt to commit an offence",
    "trying": "attempt to commit an offence",
    "failing": "attempt",
    "bail": "release pending trial or appeal",
    "released": "release pending trial or appeal, early release or parole",
    "parole": "early release or parole",
    "court": "judicial, proceedings, adjudication",
    "trial": "criminal proceedings, adjudication",
    "rules for cooperation": "general principles of international cooperation",
    "work together": "international cooperation, cooperate with each other",
    "working together": "international cooperation, cooperate with each other",
    "cooperate": "international cooperation",
    "evidence": "evidence in electronic form, collecting evidence",
    "gather evidence": "mutual legal assistance, collecting evidence in electronic form",
    "request help": "request for mutual legal assistance",
    "ask for help": "request for mutual legal assistance",
    "case moved": "transfer of criminal proceedings",
    "move the case": "transfer of criminal proceedings",
    "transfer the case": "transfer of criminal proceedings",
    "emails": "stored electronic data, content data",
    "email": "stored electronic data, content data",
    "messages": "content data, stored electronic data, communications",
    "calls": "communications, content data, traffic data",
    "phone records": "traffic data",
    "location": "traffic data, subscriber information",
    "live": "in real time",
    "real time": "real-time collection",
    "password to": "order any person who has knowledge about the functioning of the system to provide necessary information",
    "get into": "access",
    "bitcoin": "property including virtual assets, proceeds of crime",
    "assets": "property, proceeds of crime, recovery of property",
    "recover": "recovery of property, return of confiscated proceeds",
    "stolen money": "proceeds of crime, recovery of property",
    "without being asked": "without prior request, spontaneous information",
    "unprompted": "without prior request",
    "tip off": "without prior request, transmit information",
    "prevention": "preventive measures",
    "education": "public awareness, preventive measures",
    "capacity": "capacity-building, technical assistance",
    "change their laws": "legislative and administrative measures, implementation of the Convention, domestic law",
    "implement": "implementation of the Convention, legislative measures",
    "other treaties": "effects of the Convention, other treaties and agreements",
    "existing agreements": "effects of the Convention, other treaties and agreements",
    "replace": "effects of the Convention, rights and obligations under other treaties",
    "apply to": "scope of application",
    "covers": "scope of application",
    "interpret": "interpretation, settlement of disputes",
    "disagreement": "dispute, settlement of disputes",
    "aims": "statement of purpose",
    "objective": "statement of purpose",
    "trying to achieve": "statement of purpose, purposes of this Convention",
    "confidential": "keep confidential",
    "keep quiet": "keep confidential the fact of the execution of any power",
    "secret": "keep confidential",
    "tell anyone": "keep confidential",
    "minimum prison": "deprivation of liberty, extraditable offence",
    "urgent": "expedited, urgent, emergency, 24/7 network",
    "around the clock": "24 hours a day, 7 days a week, 24/7 network",
    "24 hours": "24/7 network point of contact",
    "contact person": "point of contact",
    "extradition": "extradition",
    "terror": "terrorism, offences established in accordance with other United Nations conventions",
    "other crimes": "offences established in accordance with other United Nations conventions and protocols",
    "territory": "protection of sovereignty, territory of another State",
    # offences
    "hack": "illegal access to an information and communications technology system without right",
    "hacker": "illegal access to an information and communications technology system without right",
    "break into": "illegal access without right, infringing security measures",
    "unauthorised access": "illegal access without right",
    "unauthorized access": "illegal access without right",
    "log into": "access without right to an information and communications technology system",
    "wiretap": "interception of content data, illegal interception of non-public transmissions",
    "eavesdrop": "illegal interception of non-public transmissions of electronic data",
    "snoop": "interception of transmissions of electronic data",
    "sniff": "illegal interception of non-public transmissions of electronic data",
    "ddos": "serious hindering of the functioning of an information and communications technology system",
    "denial of service": "serious hindering of the functioning of an information and communications technology system",
    "take down a website": "hindering the functioning of an information and communications technology system",
    "crash": "hindering the functioning of an information and communications technology system",
    "ransomware": "interference with electronic data, hindering the functioning of a system, deleting or suppressing electronic data",
    "virus": "interference with electronic data, damaging, deleting, altering electronic data",
    "malware": "device including a program designed for committing offences; interference with electronic data",
    "delete files": "interference with electronic data, deletion, deterioration, alteration",
    "hacking tool": "misuse of devices, a program designed or adapted for the purpose of committing offences",
    "hacking tools": "misuse of devices, a program designed or adapted for the purpose of committing offences",
    "exploit kit": "misuse of devices, program designed for committing offences",
    "stolen password": "password, access credentials, misuse of devices",
    "passwords": "password, access credentials, misuse of devices",
    "penetration test": "authorized testing or protection of an information and communications technology system",
    "security research": "authorized testing or protection of an information and communications technology system",
    "fake document": "forgery, inauthentic data considered or acted upon as if authentic",
    "forge": "forgery, inauthentic data as if authentic",
    "phishing": "fraud, deception as to factual circumstances, loss of property, password access credentials",
    "scam": "fraud, deception causing a loss of property, fraudulent or dishonest intent, gain in money",
    "scammed": "fraud, deception causing a loss of property, gain in money",
    "online fraud": "theft or fraud, deception, loss of property",
    "steal money": "theft or fraud, causing a loss of property",
    "identity theft": "fraud, deception, access credentials, loss of property",
    "child porn": "child sexual abuse or child sexual exploitation material",
    "child pornography": "child sexual abuse or child sexual exploitation material",
    "csam": "child sexual abuse or child sexual exploitation material",
    "grooming": "solicitation or grooming for the purpose of committing a sexual offence against a child",
    "groom": "solicitation or grooming for the purpose of committing a sexual offence against a child",
    "predator": "solicitation or grooming of a child for a sexual offence",
    "sextortion": "intimate image, child sexual exploitation, solicitation",
    "revenge porn": "non-consensual dissemination of intimate images without the consent of the person depicted",
    "nudes": "intimate image, sexual in nature, without consent",
    "nude photos": "intimate image, sexual in nature, without consent",
    "intimate photos": "non-consensual dissemination of intimate images",
    "money laundering": "laundering of proceeds of crime, conversion or transfer of property",
    "launder": "laundering of proceeds of crime",
    "crypto": "property, assets of every kind, virtual assets",
    "cryptocurrency": "property including virtual assets, proceeds of crime",
    "company": "liability of legal persons",
    "companies": "liability of legal persons",
    "corporation": "liability of legal persons",
    "accomplice": "participation as an accomplice, assistant or instigator, attempt",
    "helping": "participation as an accomplice, assistant or instigator",
    "attempt": "attempt to commit an offence, participation",
    "time limit to prosecute": "statute of limitations, long period in which to commence proceedings",
    "too late to prosecute": "statute of limitations",
    "punishment": "sanctions that take into account the gravity of the offence",
    "penalties": "sanctions, prosecution, adjudication",
    "sentence": "sanctions, prosecution, adjudication",
    "prison": "deprivation of liberty, sanctions",
    # jurisdiction and cooperation
    "which country": "jurisdiction, territory of that State Party, nationals",
    "jurisdiction": "establish its jurisdiction over offences",
    "extradite": "extradition of a person sought, requested State Party",
    "extradited": "extradition of a person sought",
    "hand over": "extradition, surrender of a person",
    "own citizen": "extradition of nationals, refuses to extradite solely on the ground that he or she is one of its nationals",
    "my citizen": "extradition of nationals, solely on the ground that he or she is one of its nationals",
    "nationals": "extradition of its nationals",
    "political": "political offence, prosecuting or punishing on account of political opinions, discrimination",
    "cross-border": "international cooperation, mutual legal assistance",
    "another country": "international cooperation, mutual legal assistance, requested State Party",
    "foreign police": "law enforcement cooperation, mutual legal assistance",
    "evidence abroad": "mutual legal assistance, evidence in electronic form",
    "help each other": "mutual legal assistance, international cooperation",
    "hotline": "24/7 network, point of contact available 24 hours a day, 7 days a week",
    "24/7": "24/7 network point of contact available 24 hours a day",
    "contact point": "24/7 network point of contact",
    "joint team": "joint investigations, joint investigative bodies",
    "refuse": "refusal of mutual legal assistance, grounds for refusal",
    "refuse to help": "mutual legal assistance may be refused",
    "say no": "refusal of mutual legal assistance",
    "prisoner": "transfer of sentenced persons",
    "serve sentence at home": "transfer of sentenced persons to complete their sentences",
    # procedural powers
    "keep my messages": "expedited preservation of stored electronic data, content data, order to preserve",
    "keep my data": "expedited preservation of stored electronic data",
    "keep records": "preservation of stored electronic data",
    "data retention": "expedited preservation of stored electronic data",
    "preserve": "expedited preservation of stored electronic data",
    "delete my data": "preservation, integrity of electronic data",
    "phone company": "service provider",
    "internet provider": "service provider",
    "isp": "service provider",
    "telecom": "service provider",
    "platform": "service provider",
    "hand over data": "production order, submit specified electronic data, subscriber information",
    "give police": "production order, submit specified electronic data",
    "customer details": "subscriber information held by a service provider",
    "who owns an account": "subscriber information, identity, postal or geographic address",
    "ip address": "traffic data, subscriber information",
    "metadata": "traffic data, origin, destination, route, time, date, size, duration",
    "who i called": "traffic data, origin, destination of a communication",
    "listen to calls": "interception of content data in real time",
    "read my emails": "interception of content data, stored electronic data, search and seizure",
    "read my messages": "interception of content data, search of stored electronic data",
    "tap my phone": "interception of content data in real time",
    "monitor": "real-time collection of traffic data, interception of content data",
    "surveillance": "real-time collection of traffic data, interception of content data, conditions and safeguards",
    "search my computer": "search and seizure of stored electronic data",
    "search my phone": "search and seizure of stored electronic data",
    "seize my laptop": "search and seizure, seize or similarly secure an information and communications technology system",
    "encryption": "measures applied to protect the electronic data, order any person who has knowledge about the functioning",
    "unlock": "order any person who has knowledge about the functioning of the system to provide necessary information",
    "freeze": "freezing, seizure and confiscation of the proceeds of crime",
    "confiscate": "confiscation of proceeds of crime",
    "take the money": "confiscation of proceeds of crime",
    "get money back": "return and disposal of confiscated proceeds of crime, compensation to victims",
    "criminal record": "establishment of criminal record, previous conviction in another State",
    "previous conviction": "establishment of criminal record",
    # rights and safeguards
    "human rights": "respect for human rights, conditions and safeguards, protection of human rights",
    "privacy": "protection of personal data, privacy, conditions and safeguards",
    "free speech": "freedom of expression, respect for human rights",
    "freedom of expression": "respect for human rights, freedoms of expression, conscience, opinion, religion or belief",
    "journalist": "freedom of expression, respect for human rights",
    "protesters": "peaceful assembly and association, respect for human rights",
    "dissidents": "respect for human rights, suppression of human rights, political opinions",
    "oversight": "judicial or other independent review, conditions and safeguards",
    "judge": "judicial or other independent review",
    "warrant": "judicial or other independent review, conditions and safeguards, grounds justifying application",
    "proportionate": "principle of proportionality",
    "personal information": "personal data, protection of personal data",
    "gdpr": "protection of personal data, transfer of personal data",
    "victim": "assistance to and protection of victims, compensation and restitution",
    "victims": "assistance to and protection of victims, compensation and restitution",
    "compensation": "compensation and restitution for victims",
    "whistleblower": "protection of witnesses, persons who report",
    "witness": "protection of witnesses, testimony",
    "gender": "gender perspective, mainstreaming",
    "sovereignty": "protection of sovereignty, sovereign equality, territorial integrity, non-intervention",
    "interfere in domestic affairs": "protection of sovereignty, non-intervention in the domestic affairs",
    # prevention, assistance, institutions
    "prevent": "preventive measures",
    "awareness": "public awareness campaigns, preventive measures",
    "training": "technical assistance and capacity-building, training",
    "poor countries": "developing countries, technical assistance, economic development",
    "developing countries": "technical assistance and capacity-building, economic development",
    "funding": "financial contributions, voluntary contributions, technical assistance",
    "money for": "financial contributions, voluntary contributions, technical assistance",
    "share information": "exchange of information, analysis of cybercrime",
    "statistics": "exchange of information, data and analytical expertise",
    "meeting of countries": "Conference of the States Parties",
    "review implementation": "Conference of the States Parties, mechanism of implementation",
    "unodc": "secretariat, United Nations Office on Drugs and Crime",
    "secretariat": "secretariat, Secretary-General",
    # final clauses
    "sign": "signature, ratification, acceptance, approval and accession",
    "ratify": "ratification, acceptance, approval, instrument of ratification",
    "join": "accession, signature, ratification",
    "come into force": "entry into force, fortieth instrument of ratification",
    "take effect": "entry into force",
    "in force": "entry into force",
    "leave the treaty": "denunciation, written notification to the Secretary-General",
    "withdraw": "denunciation of this Convention",
    "quit": "denunciation",
    "change the treaty": "amendment, propose an amendment",
    "amend": "amendment",
    "dispute": "settlement of disputes, negotiation, arbitration, International Court of Justice",
    "disagree": "settlement of disputes between States Parties",
    "reservation": "reserve the right, reservations",
    "languages": "Arabic, Chinese, English, French, Russian and Spanish texts equally authentic",
    "official languages": "Arabic, Chinese, English, French, Russian and Spanish texts equally authentic",
    "depositary": "depositary, Secretary-General",
    "protocol": "supplementary protocols",
    "additional protocol": "adoption of supplementary protocols",
    "adopted": "adopted by the General Assembly, resolution",
    "when was": "date, adopted, resolution",
    "terrorism": "offences established in accordance with other United Nations conventions and protocols",
    "drug trafficking": "offences established in accordance with other United Nations conventions",
    "purpose": "statement of purpose, purposes of this Convention",
    "goal": "statement of purpose",
    "definition": "use of terms, shall mean",
    "what counts as": "use of terms, shall mean",
    "means": "use of terms, shall mean",
    "scope": "scope of application",
}

def word_forms(word: str) -> frozenset[str]:
    """A word and its likely base forms, so "logs", "logged" and "logging" all meet "log"."""
    forms = {word}
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    if word.endswith("ed"):
        forms.update({word[:-2], word[:-1]})
    if word.endswith("ing"):
        forms.update({word[:-3], word[:-3] + "e"})
    forms.update({f[:-1] for f in list(forms) if len(f) > 3 and f[-1] == f[-2]})
    return frozenset(f for f in forms if f)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:[-/][a-z0-9]+)*", text.lower().replace("’", "'"))


_TERMS = [
    ([word_forms(w) for w in _words(term)], expansion)
    for term, expansion in sorted(LAY_TERMS.items(), key=lambda kv: -len(kv[0]))
]


def _find(question: list[frozenset[str]], term: list[frozenset[str]], used: set[int]) -> range | None:
    width = len(term)
    for i in range(len(question) - width + 1):
        span = range(i, i + width)
        if not used.intersection(span) and all(question[i + j] & term[j] for j in range(width)):
            return span
    return None


def expand(question: str) -> list[str]:
    """The treaty phrasings for the everyday terms found in `question`. Longer terms win: the words of
    "phone company" are not matched again as "company"."""
    words = [word_forms(w) for w in _words(question)]
    used: set[int] = set()
    found: list[str] = []
    for term, expansion in _TERMS:
        span = _find(words, term, used) if term else None
        if span is not None:
            used.update(span)
            if expansion not in found:
                found.append(expansion)
    return found
