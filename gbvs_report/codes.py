"""The rules: every finding's code, severity, title, explanation and example, in Dutch.

Each rule is a constant that the checks pass to `diagnostic()`; `gbvs explain` reads them,
and the rules version (`rules_version()`) is a digest of their texts. A code never changes
meaning; a new meaning gets a new code.
"""

from __future__ import annotations

from .diagnostics import RULES, Rule, Severity, rules_version

__all__ = ["RULES", "rules_version"]

E, W = Severity.ERROR, Severity.WARNING

# Layer Y: the file and its YAML.
Y001 = Rule(
    "Y001",
    E,
    "Bestand niet te lezen",
    "Het bestand bestaat niet of kan niet worden geopend (bijvoorbeeld zonder leesrechten). "
    "Een koppeling of iets anders dan een gewoon bestand is Y019 of Y018.",
    "gbvs validate indicators/2020-2021/doel-5-DEF.yaml   →   gbvs validate indicators/2020-2021/doel-05-DEF.yaml",
)
Y002 = Rule(
    "Y002",
    E,
    "Geen geldige tekst (UTF-8)",
    "Aanleveringen zijn tekstbestanden in UTF-8. Een bestand uit een tekstverwerker of in een "
    "oude codering (Windows-1252) bevat bytes die geen UTF-8 zijn. Sla het bestand opnieuw op "
    "als UTF-8.",
    "In de editor: Opslaan als… → Codering: UTF-8",
)
Y003 = Rule(
    "Y003",
    E,
    "YAML-syntaxfout",
    "De YAML-opbouw klopt niet, zodat het bestand niet gelezen kan worden. Vaak gaat het om "
    "een inspringing die niet klopt, een ontbrekende dubbele punt of een niet afgesloten "
    "aanhalingsteken op of vlak vóór de genoemde regel.",
    "titel: 'Conflictpreventie   →   titel: 'Conflictpreventie'",
)
Y004 = Rule(
    "Y004",
    E,
    "Dubbele sleutel",
    "Dezelfde sleutel staat twee keer in dezelfde lijst met gegevens. Alleen één van de twee "
    "waarden zou worden gebruikt; verwijder of hernoem er één. De melding noemt beide regels.",
    "status: op schema\nstatus: vertraagd   →   status: vertraagd",
)
Y005 = Rule(
    "Y005",
    E,
    "Leeg bestand",
    "Het bestand bevat geen gegevens, of alleen commentaar.",
    "(leeg)   →   periode: 2020-2021\ndoel: 5\n…",
)
Y006 = Rule(
    "Y006",
    E,
    "Ongeldige datum",
    "Een datum bestaat niet in de kalender (bijvoorbeeld 30 februari). Schrijf datums als JJJJ-MM-DD.",
    "peildatum: 2021-02-30   →   peildatum: 2021-02-28",
)
Y007 = Rule(
    "Y007",
    E,
    "Hoofdniveau is geen lijst van gegevens",
    "Een aanlevering begint met sleutels als `periode:`, `doel:` en `departement:` op het "
    "hoogste niveau, niet met een opsomming of losse tekst.",
    "- periode: 2020-2021   →   periode: 2020-2021",
)
Y008 = Rule(
    "Y008",
    E,
    "Tab in de inspringing",
    "YAML springt in met spaties; een tab is op deze plek niet toegestaan. Veel editors "
    "kunnen tabs automatisch door spaties vervangen.",
    "⇥naam: J. de Vries   →     naam: J. de Vries",
)
Y009 = Rule(
    "Y009",
    E,
    "Meer dan één document",
    "Een bestand bevat precies één aanlevering. Een regel met alleen '---' begint een tweede "
    "YAML-document; zet dat in een eigen bestand.",
    "…\n---\nperiode: 2020-2021   →   (tweede deel in een eigen bestand)",
)
Y010 = Rule(
    "Y010",
    W,
    "Bestand begint met een BOM",
    "Het bestand begint met een onzichtbare 'byte order mark'. Die wordt genegeerd, maar "
    "sommige programma's struikelen erover. Sla het bestand op als UTF-8 zonder BOM.",
    "In de editor: Opslaan als… → Codering: UTF-8 (zonder BOM)",
)
Y011 = Rule(
    "Y011",
    E,
    "Anker of verwijzing niet toegestaan",
    "YAML-ankers (&naam) en verwijzingen (*naam) maken een bestand moeilijk te lezen en kunnen "
    "misbruikt worden om met een klein bestand enorme hoeveelheden gegevens te maken. "
    "Aanleveringen schrijven elke waarde voluit.",
    "bron: &nato NAVO 2024 … bron: *nato   →   bron: NAVO 2024 … bron: NAVO 2024",
)
Y012 = Rule(
    "Y012",
    E,
    "Expliciete tag niet toegestaan",
    "Tags zoals !!str of !python/object veranderen hoe een waarde gelezen wordt. Aanleveringen "
    "gebruiken ze niet: zet tekst die op een getal lijkt tussen aanhalingstekens.",
    "telefoon: !!str 0701234567   →   telefoon: '0701234567'",
)
Y013 = Rule(
    "Y013",
    E,
    "Samenvoegsleutel niet toegestaan",
    "De sleutel '<<' voegt een andere lijst in deze lijst in. Dat verbergt waar een waarde "
    "vandaan komt; schrijf alle sleutels voluit.",
    "<<: *basis   →   eenheid: procent\n…",
)
Y014 = Rule(
    "Y014",
    E,
    "Bestand te groot",
    "Een aanlevering is een paar kilobyte. Bestanden boven de 1000 kB worden niet gelezen, om "
    "de controle snel en veilig te houden.",
    "(een ander, kleiner bestand aanleveren)",
)
Y015 = Rule(
    "Y015",
    E,
    "Te diep genest",
    "De gegevens zijn dieper genest dan een aanlevering ooit nodig heeft (32 niveaus). Zo'n "
    "bestand wordt geweigerd voordat het gelezen wordt.",
    "[[[[[…]]]]]   →   (de opbouw van een aanlevering volgen)",
)
Y016 = Rule(
    "Y016",
    E,
    "Sleutel is geen tekst",
    "Een sleutel (het woord vóór de dubbele punt) moet tekst zijn, geen lijst of opsomming.",
    "? [a, b]\n: 1   →   naam: 1",
)
Y017 = Rule(
    "Y017",
    W,
    "Getal met voorloopnul",
    "YAML leest 05 als het getal 5: de voorloopnul verdwijnt. Bedoelt u een getal, schrijf het "
    "dan zonder nul; bedoelt u tekst (een telefoonnummer, een code), zet het dan tussen "
    "aanhalingstekens.",
    "doel: 05   →   doel: 5",
)
Y018 = Rule(
    "Y018",
    E,
    "Geen gewoon bestand",
    "Op de plaats van een aanlevering, instellingen, catalogus of sjabloon staat geen gewoon "
    "bestand maar een map, een named pipe (FIFO), een apparaat of een socket. gbvs opent zoiets "
    "niet en wacht er nooit op; zet er een gewoon tekstbestand neer.",
    "indicators/2020-2021/doel-05-DEF.yaml/ (een map)   →   indicators/2020-2021/doel-05-DEF.yaml",
)
Y019 = Rule(
    "Y019",
    E,
    "Koppeling niet toegestaan",
    "Het bestand is een koppeling (symbolische link) naar een ander bestand. gbvs leest alleen "
    "bestanden die zelf in de werkmap staan en volgt geen koppelingen, zodat geen commando een "
    "bestand buiten de werkmap leest. Zet een kopie van het bestand zelf op deze plaats.",
    "doel-05-DEF.yaml -> /home/jan/doel-05-DEF.yaml   →   doel-05-DEF.yaml (het bestand zelf)",
)
Y020 = Rule(
    "Y020",
    W,
    "Bestand in een submap van de periodemap",
    "Aanleveringen staan direct in de map van hun periode, zoals `2020-2021/`. Een YAML-bestand "
    "in een map daaronder (een oude kopie in `2020-2021/oud/`) telt niet mee: niet in de "
    "controle, niet in het rapport en niet in de open data. Verplaats het bestand of haal het "
    "uit de werkmap.",
    "2020-2021/oud/doel-05-DEF.yaml   →   2018-2019/doel-05-DEF.yaml (of verwijderen)",
)

# Layer S: the submission's schema.
S001 = Rule(
    "S001",
    E,
    "Onbekende sleutel",
    "Deze sleutel hoort niet in het formaat. Controleer de spelling; `gbvs schema` toont alle toegestane sleutels.",
    "streefwaarden:   →   streefwaarde:",
)
S002 = Rule(
    "S002",
    E,
    "Verplicht veld ontbreekt",
    "Een verplicht veld ontbreekt. De melding wijst de plek aan waar het moet worden toegevoegd.",
    "contactpersoon:\n  naam: J. de Vries   →   contactpersoon:\n  naam: J. de Vries\n  email: j.devries@minbuza.nl",
)
S003 = Rule(
    "S003",
    E,
    "Verkeerd soort waarde",
    "De waarde heeft niet het verwachte soort: bijvoorbeeld tekst waar een getal hoort, of "
    "een getal waar een datum hoort.",
    "waarde: '1,37'   →   waarde: 1.37",
)
S004 = Rule(
    "S004",
    E,
    "Waarde niet toegestaan",
    "De waarde komt niet voor in de lijst van toegestane waarden.",
    "status: goed   →   status: op schema",
)
S005 = Rule(
    "S005",
    E,
    "Waarde buiten bereik",
    "De waarde ligt buiten het toegestane bereik, of de tekst heeft niet de vereiste vorm. Een "
    "getal is in grootte kleiner dan 1e15 (duizend biljoen) en, als het niet 0 is, minstens "
    "0,000001: daarbuiten kan het rapport het niet betrouwbaar weergeven en is vrijwel zeker de "
    "eenheid verkeerd gekozen.",
    "jaar: 20   →   jaar: 2020",
)
S006 = Rule(
    "S006",
    E,
    "Nog niet ingevuld",
    "Na de dubbele punt staat nog geen waarde. Een bestand van `gbvs new` laat zo open wat het "
    "departement nog moet invullen; het commentaar op de regel zegt wat er hoort.",
    "peildatum:   →   peildatum: 2023-12-31",
)
S007 = Rule(
    "S007",
    E,
    "Indicator twee keer in één aanlevering",
    "Dezelfde indicator (hetzelfde 'id') staat twee keer in het bestand. Het rapport, de open data "
    "en gbvs diff zouden dan moeten kiezen welke van de twee telt; gbvs kiest niet. Voeg de twee "
    "samen of verwijder er één. De melding staat bij de tweede en noemt de regel van de eerste.",
    "- id: defensie-bbp … - id: defensie-bbp   →   - id: defensie-bbp (één keer, met alle realisaties)",
)
S008 = Rule(
    "S008",
    E,
    "Jaar twee keer bij een indicator",
    "Een indicator heeft twee realisaties over hetzelfde jaar. Het rapport, de open data en "
    "gbvs diff zouden dan moeten kiezen welke waarde telt; gbvs kiest niet. Houd per jaar één "
    "realisatie over. De melding staat bij de tweede en noemt de regel van de eerste.",
    "- jaar: 2021\n  waarde: 1.37\n- jaar: 2021\n  waarde: 1.42   →   - jaar: 2021\n  waarde: 1.42",
)

# Layer C: the strategy catalogue.
C001 = Rule(
    "C001",
    E,
    "Onbekend doel",
    "Het doelnummer komt niet voor in de strategie. De GBVS 2018-2022 kent de doelen 1 tot en met 13.",
    "doel: 14   →   doel: 13",
)
C002 = Rule(
    "C002",
    E,
    "Onbekend departement",
    "De departementscode komt niet voor in de catalogus (bijvoorbeeld BZ, DEF, JenV).",
    "departement: Defensie   →   departement: DEF",
)
C003 = Rule(
    "C003",
    E,
    "Indicator hoort niet bij dit doel",
    "Het doelschema in de catalogus kent deze indicator niet. Gebruik een van de genoemde "
    "indicatoren of vraag de coördinator de catalogus aan te vullen.",
    "id: defensie-bbp-procent   →   id: defensie-bbp",
)
C004 = Rule(
    "C004",
    E,
    "Verkeerde soort indicator",
    "De soort (numeriek, ordinaal, mijlpaal) of de eenheid wijkt af van het doelschema, of de "
    "eenheid staat niet in de eenheden van de catalogus.",
    "eenheid: euro   →   eenheid: miljoen euro",
)
C005 = Rule(
    "C005",
    E,
    "Bestand staat in de verkeerde periodemap",
    "De periode in het bestand moet gelijk zijn aan de naam van de map waarin het staat, bijvoorbeeld `2020-2021/`.",
    "2018-2019/doel-05-DEF.yaml met periode: 2020-2021   →   2020-2021/doel-05-DEF.yaml",
)
C006 = Rule(
    "C006",
    E,
    "Onbekende rapportageperiode",
    "De rapportageperiode is niet een van de perioden die de catalogus kent (uit "
    "'periode_jaren' of 'perioden' en de looptijd van de strategie).",
    "periode: 2024-2025   →   periode: 2020-2021",
)
C007 = Rule(
    "C007",
    E,
    "Waarde niet op de schaal",
    "Een ordinale indicator gebruikt de namen van de niveaus op zijn schaal, zoals de catalogus die noemt.",
    "waarde: 4   →   waarde: substantieel",
)
C008 = Rule(
    "C008",
    E,
    "Catalogus ongeldig",
    "De strategiecatalogus zelf bevat een fout; geen aanlevering kan ertegen worden "
    "gecontroleerd totdat die is hersteld.",
    "eerstverantwoordelijk: Defensie   →   eerstverantwoordelijk: DEF",
)
C009 = Rule(
    "C009",
    E,
    "Departement draagt niet bij aan dit doel",
    "Volgens de catalogus levert dit departement niet aan voor dit doel. Controleer het "
    "doelnummer en de departementscode.",
    "doel: 5\ndepartement: OCW   →   doel: 5\ndepartement: DEF",
)
C010 = Rule(
    "C010",
    E,
    "Verplichte indicator ontbreekt",
    "Het doelschema vraagt deze indicator van dit departement, maar de aanlevering noemt haar niet.",
    "indicatoren: [defensie-bbp]   →   indicatoren: [defensie-bbp, defensie-uitgaven, …]",
)
C011 = Rule(
    "C011",
    E,
    "Bestandsnaam past niet bij doel of departement",
    "De naam van het bestand noemt een ander doel of departement dan het bestand zelf "
    "(`doel-02-BZ.yaml` met `doel: 3`). Meestal is een bestand gekopieerd en is de naam of de "
    "inhoud niet aangepast; wie het bestand bij zijn naam zoekt, vindt de verkeerde aanlevering, "
    "en het rapport zou de tekst aan een ander doel of departement toeschrijven dan de afzender "
    "bedoelde. Pas de naam of de inhoud aan (`gbvs new` schrijft de naam `doel-NN-CODE.yaml`).",
    "doel-02-BZ.yaml met doel: 3   →   doel-03-BZ.yaml met doel: 3",
)
C012 = Rule(
    "C012",
    E,
    "Punt als scheiding tussen duizendtallen",
    "In YAML is de punt het decimaalteken: 12.650 is twaalf komma vijfenzestig, niet "
    "twaalfduizend zeshonderdvijftig. Een getal met precies drie cijfers na de punt, in een eenheid "
    "die volgens de catalogus minder decimalen heeft (zoals aantal, euro of fte), is vrijwel zeker "
    "een duizendtal in Nederlandse schrijfwijze: het rapport zou een getal tonen dat duizend keer "
    "te klein is. Schrijf getallen zonder scheiding tussen de duizendtallen. Een percentage waarvan "
    "het duizendvoud boven de 100 ligt (1.125 procent), is geen duizendtal en valt hierbuiten.",
    "waarde: 12.650   →   waarde: 12650",
)

# Layer X: across files.
X001 = Rule(
    "X001",
    E,
    "Dubbele aanlevering",
    "Twee bestanden leveren voor hetzelfde doel, hetzelfde departement en dezelfde periode "
    "aan. Het rapport kan er maar één gebruiken; voeg ze samen of verwijder er één.",
    "doel-05-DEF.yaml + doel-05-DEF-v2.yaml   →   doel-05-DEF.yaml",
)
X002 = Rule(
    "X002",
    E,
    "Tegenstrijdige waarden tussen bestanden",
    "Dezelfde indicator staat bij hetzelfde doel in twee aanleveringen, met verschillende "
    "waarden. Spreek af welk departement de indicator aanlevert en welke waarde klopt.",
    "(BZ) waarde: 0.59 / (DEF) waarde: 0.61   →   beide: waarde: 0.59",
)
X003 = Rule(
    "X003",
    W,
    "Nulmeting of streefwaarde gewijzigd",
    "De nulmeting of streefwaarde van een indicator wijkt af van de aanlevering voor de vorige "
    "periode, zonder dat de indicator een opmerking heeft. Een gewijzigde streefwaarde moet "
    "de Kamer worden uitgelegd: licht de wijziging toe in 'opmerking'.",
    "streefwaarde: {waarde: 2.5, jaar: 2024}   →   streefwaarde: {waarde: 2.5, jaar: 2024}\n"
    "opmerking: Streefwaarde verhoogd na de NAVO-top van 2023.",
)

# Layer P: plausibility (warnings).
P001 = Rule(
    "P001",
    W,
    "Realisatie buiten de rapportageperiode",
    "Het jaar van een realisatie ligt buiten de twee jaren van de rapportageperiode. Vaak is "
    "het jaar verkeerd getypt; een realisatie over een eerder jaar hoort in de aanlevering "
    "voor die periode.",
    "periode: 2020-2021 … jaar: 2012   →   jaar: 2021",
)
P002 = Rule(
    "P002",
    W,
    "Streefjaar vóór het jaar van de nulmeting",
    "De streefwaarde hoort bij een jaar ná de nulmeting. Controleer of de jaren zijn omgewisseld.",
    "nulmeting: {…, jaar: 2024}\nstreefwaarde: {…, jaar: 2017}   →   (jaren omwisselen)",
)
P003 = Rule(
    "P003",
    W,
    "Percentage buiten 0–100",
    "Een indicator in procenten heeft een waarde onder 0 of boven 100. Schrijf percentages als "
    "getal van 0 tot 100, niet als fractie of promille.",
    "waarde: 137   →   waarde: 1.37",
)
P004 = Rule(
    "P004",
    W,
    "Mijlpaal over datum maar niet behaald",
    "De geplande datum van de mijlpaal ligt vóór de datum van aanlevering, maar de status is "
    "nog 'gepland' of 'op schema'. Werk de status bij (behaald, vertraagd of vervallen).",
    "gepland: 2020-12-31\nstatus: op schema   →   status: vertraagd",
)
P005 = Rule(
    "P005",
    W,
    "Realisatie beweegt de verkeerde kant op",
    "Bij een indicator waar hoger beter is (of lager, volgens de catalogus) ligt de realisatie "
    "aan de verkeerde kant van de nulmeting. Dat kan kloppen, maar is vaak een tikfout of "
    "een verwisseling van eenheid; licht het anders toe in 'opmerking'.",
    "nulmeting: {waarde: 1.12} … waarde: 0.137   →   waarde: 1.37",
)
P006 = Rule(
    "P006",
    W,
    "Toelichting leeg of nietszeggend",
    "De toelichting is de kern van de Kamerrapportage. Tekst als 'n.v.t.', 'volgt' of "
    "'TODO' hoort er niet in te staan.",
    "resultaten: n.v.t.   →   resultaten: In 2021 is …",
)
P007 = Rule(
    "P007",
    W,
    "Peildatum na de datum van aanlevering",
    "De peildatum van een realisatie ligt na de datum waarop de aanlevering is verstuurd. Een "
    "bron kan niet worden geciteerd voordat zij bestaat: controleer de peildatum, of de datum "
    "van aanlevering.",
    "datum_aanlevering: 2022-02-14 … peildatum: 2022-03-31   →   peildatum: 2022-01-31",
)
P008 = Rule(
    "P008",
    W,
    "Datum in de toekomst of vóór de strategie",
    "Een datum van aanlevering, peildatum of datum van behalen ligt in de toekomst, of vóór het "
    "eerste jaar van de strategie. Vaak is het jaartal verkeerd getypt.",
    "peildatum: 2201-12-31   →   peildatum: 2021-12-31",
)
X004 = Rule(
    "X004",
    E,
    "Bron van na de datum van de brief",
    "Een realisatie noemt een peildatum na de datum van de Kamerbrief: `brief.datum` in "
    "gbvs.yaml, anders SOURCE_DATE_EPOCH, anders de dag van vandaag. Een brief kan geen bron "
    "aanhalen die er bij ondertekening nog niet was. gbvs validate, status, export en report "
    "vergelijken met dezelfde datum; een concept laat de aanlevering weg en noemt haar in de "
    "bijlage Problemen, een definitief rapport wordt niet gemaakt.",
    "brief.datum: 2022-04-15 … peildatum: 2022-06-27   →   peildatum: 2022-03-31 (een uitgave van vóór de brief)",
)
X005 = Rule(
    "X005",
    E,
    "Bestandsnamen die alleen in hoofdletters of tekenvorm verschillen",
    "Twee bestanden in dezelfde map hebben namen die alleen verschillen in hoofd- en kleine "
    "letters (`doel-02-BZ.yaml` en `DOEL-02-BZ.yaml`) of in de manier waarop een teken met "
    "accent is opgeslagen (Unicode NFC en NFD). Op Windows en macOS (hoofdletters) of op macOS "
    "(tekenvorm) is dat één naam: bij het ophalen van de repository blijft er één bestand over, en "
    "een rapport dat daar wordt gemaakt, mist het andere. Hernoem of verwijder er één.",
    "doel-02-BZ.yaml + DOEL-02-BZ.yaml   →   doel-02-BZ.yaml",
)
P009 = Rule(
    "P009",
    W,
    "Onzichtbaar teken of richtingsteken in tekst",
    "De tekst bevat een onzichtbaar teken: een teken dat de schrijfrichting omkeert of "
    "vastlegt (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C), een teken zonder breedte "
    "(U+200B–U+200D, U+2060–U+2064, U+180E, U+FEFF), een opvulteken dat niets toont (U+115F, "
    "U+1160, U+3164, U+FFA0), een annotatieteken (U+FFF9–U+FFFB) of een tagteken "
    "(U+E0001, U+E0020–U+E007F), dat verborgen tekst kan dragen. Ook als het in een tekst "
    'tussen dubbele aanhalingstekens als code staat ("\\u202e"). Zo\'n teken komt meestal mee '
    "bij kopiëren en plakken; een teken dat de richting omkeert kan de tekst erna achterstevoren "
    "laten lezen. Het rapport haalt de richtingstekens uit de tekst; verwijder ze liever zelf.",
    "bron: NAVO\u202e 2024   →   bron: NAVO 2024",
)
P010 = Rule(
    "P010",
    W,
    "Drie decimalen: misschien een duizendtal",
    "Een getal met precies drie cijfers na de punt (12.650) kan een duizendtal in Nederlandse "
    "schrijfwijze zijn, terwijl YAML de punt als decimaalteken leest (12,65). De eenheid kent "
    "volgens de catalogus drie of meer decimalen (of staat niet in de catalogus), dus het getal kan "
    "kloppen: controleer het. Is het "
    "een duizendtal, schrijf het dan zonder punt (12650).",
    "waarde: 12.650   →   waarde: 12650 (als twaalfduizend zeshonderdvijftig bedoeld is)",
)
P011 = Rule(
    "P011",
    W,
    "Onbekend woord",
    "Een woord in een toelichting, opmerking of omschrijving staat niet in de woordenlijst van "
    "het Nederlands (OpenTaal, via hunspell-nl) en niet in `woordenlijst.txt` van de werkmap. "
    "Vaak is het een tikfout; de melding noemt dan de woorden die het best lijken. Staat het "
    "woord goed (een naam, een vakterm), zet het dan in `woordenlijst.txt`, één woord per regel. "
    "Afkortingen in hoofdletters en woorden met cijfers worden niet gecontroleerd. Zonder "
    "woordenboek op de machine zegt `gbvs validate` één keer dat de spelling niet is gecontroleerd.",
    "resultaten: … ontwikkelingsamenwerking …   →   resultaten: … ontwikkelingssamenwerking …",
)

# Layer B: the letter to parliament (`brief:` in gbvs.yaml). The coordinator writes the letter
# last, while departments check their own files: in `gbvs validate` and `gbvs status` these are
# warnings; `gbvs report` makes no final report while there is one, and a draft names them in
# its problems annex.
_LETTER = (
    " In `gbvs validate` en `gbvs status` is dit een waarschuwing, zodat een departement dat zijn "
    "eigen aanlevering controleert er niet op vastloopt; `gbvs report` maakt geen definitief "
    "rapport zolang de brief niet af is, en een concept noemt het in de bijlage Problemen."
)
B001 = Rule(
    "B001",
    W,
    "Brief zonder onderwerp",
    "De brief heeft geen onderwerp ('Betreft'): zet het onder `brief.onderwerp` in gbvs.yaml." + _LETTER,
    "brief:\n  onderwerp:   →   brief:\n  onderwerp: Voortgangsrapportage GBVS 2020–2021",
)
B002 = Rule(
    "B002",
    W,
    "Brief zonder ondertekening",
    "Niemand ondertekent de brief: zet onder `brief.ondertekening` de functie en de naam van de "
    "bewindspersoon die ondertekent." + _LETTER,
    "brief:\n  ondertekening:   →   brief:\n  ondertekening:\n    functie: De Minister van Buitenlandse Zaken\n"
    "    naam: A.B. de Minister",
)
B003 = Rule(
    "B003",
    W,
    "Brief zonder tekst",
    "De brief heeft alleen de openingszin: `brief.tekst` in gbvs.yaml is leeg. De coördinator "
    "schrijft hier wat de Kamer moet weten: de kernboodschappen, de context, wat het kabinet "
    "ermee doet." + _LETTER,
    "brief:\n  tekst:   →   brief:\n  tekst: |\n    De voortgang op de dertien doelen is …",
)
B004 = Rule(
    "B004",
    W,
    "Brief zonder datum",
    "De brief heeft geen datum (`brief.datum` in gbvs.yaml, JJJJ-MM-DD): zonder datum krijgt hij "
    "de dag waarop het rapport wordt gemaakt, en geen bron kan op de datum worden getoetst." + _LETTER,
    "brief:\n  datum:   →   brief:\n  datum: 2022-04-15",
)
B005 = Rule(
    "B005",
    W,
    "Tekst nog in te vullen",
    "In de brief of de kernboodschappen staat nog een aanwijzing van `gbvs init` "
    "('[in te vullen: …]'). Vervang die door de tekst zelf, of maak het veld leeg als het niet "
    "van toepassing is." + _LETTER,
    "kenmerk: '[in te vullen: kenmerk]'   →   kenmerk: DVB-2022.123456",
)
B006 = Rule(
    "B006",
    W,
    "Logo niet te gebruiken",
    "Het logo (`brief.logo`) is een afbeelding (PNG of JPEG) in de werkmap, genoemd met een "
    "pad ten opzichte van de werkmap. Een adres op internet, een bestand buiten de werkmap, een "
    "koppeling of iets anders dan een afbeelding wordt niet gebruikt: gbvs haalt nooit iets op "
    "voor een rapport." + _LETTER,
    "logo: https://www.rijksoverheid.nl/logo.png   →   logo: huisstijl/logo.png",
)
