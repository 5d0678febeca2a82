// Hand-made tables: well-known organisations and places with the names news writes them under, and the word lists
// that type a capitalised run (titles, organisation heads, given names). Our own lists, kept short on purpose.
import type { EntityType, Geo } from '../model.js';

export interface KnownEntity {
  name: string;
  type: EntityType;
  aliases: string[];
  geo?: Geo;
}

const org = (name: string, aliases: string[] = []): KnownEntity => ({ name, type: 'ORG', aliases });
const place = (name: string, lat: number, lon: number, country: string | undefined, aliases: string[] = []) => ({
  name,
  type: 'PLACE' as const,
  aliases,
  geo: country ? { lat, lon, country } : { lat, lon },
});

/** Organisations: canonical name → the forms news uses (acronyms, transliterations, short forms). */
export const KNOWN_ORGS: KnownEntity[] = [
  org('Islamic State', [
    'IS',
    'ISIS',
    'ISIL',
    'Daesh',
    "Da'esh",
    'Daech',
    'Islamic State group',
    'so-called Islamic State',
    'Islamic State of Iraq and the Levant',
    'Islamic State in Iraq and the Levant',
    'Islamic State of Iraq and Syria',
    'Islamic State in Iraq and Syria',
  ]),
  org('Al-Qaeda', ['al-Qaida', 'al-Qaeda', 'Al Qaeda', 'al Qaeda', 'Al-Qaida', 'Al Qaida', 'Qaeda']),
  org('Al-Nusra Front', ['Nusra Front', 'al-Nusra', 'Jabhat al-Nusra', 'al-Nusra Front', 'Nusra']),
  org('Hezbollah', ['Hizbollah', 'Hizballah', 'Hizbullah']),
  org('Hamas'),
  org('Taliban'),
  org('Boko Haram'),
  org('Al-Shabab', ['al-Shabab', 'al-Shabaab', 'Shabab', 'Shabaab']),
  org('Kurdistan Workers Party', ['PKK', "Kurdistan Workers' Party"]),
  org('YPG', ["People's Protection Units"]),
  org('Syrian Democratic Forces', ['SDF']),
  org('Free Syrian Army', ['FSA']),
  org('United Nations', ['UN', 'U.N.']),
  org('United Nations Security Council', ['UN Security Council', 'U.N. Security Council', 'Security Council', 'UNSC']),
  org('United Nations General Assembly', ['UN General Assembly', 'U.N. General Assembly', 'General Assembly', 'UNGA']),
  org('European Union', ['EU', 'E.U.']),
  org('European Commission'),
  org('European Parliament'),
  org('European Council'),
  org('NATO', ['Nato', 'North Atlantic Treaty Organization', 'North Atlantic Treaty Organisation']),
  org('Associated Press', ['AP', 'The Associated Press']),
  org('Reuters'),
  org('Agence France-Presse', ['AFP', 'Agence France Presse']),
  org('BBC'),
  org('CNN'),
  org('Al Jazeera', ['Al-Jazeera', 'Aljazeera']),
  org('Kremlin', ['the Kremlin']),
  org('White House'),
  org('Pentagon'),
  org('Élysée Palace', ['Elysee Palace', 'Elysee', 'Élysée', 'Elysée']),
  org('State Department', ['US State Department', 'U.S. State Department']),
  org('FBI'),
  org('CIA'),
  org('International Monetary Fund', ['IMF']),
  org('World Bank'),
  org('World Health Organization', ['WHO', 'World Health Organisation']),
  org('OPEC'),
  org('Federal Reserve', ['Fed', 'US Federal Reserve', 'U.S. Federal Reserve']),
  org('Centers for Disease Control and Prevention', ['CDC', 'Centers for Disease Control']),
  org('Republican Party', ['Republicans', 'GOP']),
  org('Democratic Party', ['Democrats']),
  org('Médecins Sans Frontières', ['Medecins Sans Frontieres', 'MSF', 'Doctors Without Borders']),
  org('Red Cross', ['International Committee of the Red Cross', 'ICRC']),
  org('Amnesty International', ['Amnesty']),
  org('Human Rights Watch', ['HRW']),
];

/**
 * Places the city list lacks or spells otherwise (transliterations), regions, and country short forms.
 * Coordinates are the places' own (city centre or region centroid).
 */
export const KNOWN_PLACES: KnownEntity[] = [
  place('United States', 39.83, -98.58, 'US', ['U.S.', 'US', 'USA', 'U.S.A.', 'America', 'United States of America']),
  place('United Kingdom', 54, -2, 'GB', ['UK', 'U.K.', 'Britain', 'Great Britain']),
  place('United Arab Emirates', 24, 54, 'AE', ['UAE', 'U.A.E.', 'Emirates']),
  place('Turkey', 39, 35, 'TR', ['Türkiye', 'Turkiye', 'Republic of Turkey']),
  place('Czech Republic', 49.75, 15.5, 'CZ', ['Czechia']),
  place('Washington', 38.895, -77.036, 'US', ['Washington D.C.', 'Washington, D.C.', 'Washington DC']),
  place('Raqqa', 35.95, 39.01, 'SY', ['Raqqah', 'Ar-Raqqah', 'Ar Raqqah', 'Al-Raqqa', 'Al-Raqqah', 'Rakka', 'Raqa']),
  place('Deir ez-Zor', 35.336, 40.14, 'SY', [
    'Deir Ezzor',
    'Deir ez-Zor',
    'Deir al-Zor',
    'Deir el-Zour',
    'Deir ez Zor',
    'Deir Ez-Zor',
    'Deir Zor',
    'Deir al-Zour',
    'Dayr az-Zawr',
    'Dayr az Zawr',
  ]),
  place('Aleppo', 36.2, 37.16, 'SY', ['Halab']),
  place('Homs', 34.73, 36.72, 'SY'),
  place('Hama', 35.13, 36.75, 'SY', ['Hamah']),
  place('Idlib', 35.93, 36.63, 'SY', ['Idleb']),
  place('Palmyra', 34.55, 38.28, 'SY', ['Tadmur', 'Tadmor']),
  place('Kobani', 36.89, 38.35, 'SY', ['Kobane', 'Ayn al-Arab', 'Ain al-Arab']),
  place('Latakia', 35.52, 35.79, 'SY', ['Lattakia', 'Al-Ladhiqiyah', 'Latakieh']),
  place('Tartus', 34.89, 35.89, 'SY', ['Tartous', 'Tartous']),
  place('Hasakah', 36.5, 40.75, 'SY', ['Al-Hasakah', 'Hasaka', 'Hassakeh', 'Al-Hasakeh']),
  place('Qamishli', 37.05, 41.22, 'SY', ['Al-Qamishli', 'Kamishli']),
  place('Daraa', 32.62, 36.1, 'SY', ['Deraa', "Dara'a", 'Dar`a']),
  place('Douma', 33.57, 36.4, 'SY', ['Duma']),
  place('Mosul', 36.34, 43.13, 'IQ', ['Al-Mosul', 'Mawsil']),
  place('Fallujah', 33.35, 43.78, 'IQ', ['Falluja', 'Fallouja', 'Al-Fallujah']),
  place('Ramadi', 33.42, 43.3, 'IQ', ['Al-Ramadi', 'Ar-Ramadi']),
  place('Tikrit', 34.6, 43.68, 'IQ'),
  place('Kirkuk', 35.47, 44.39, 'IQ'),
  place('Erbil', 36.19, 44.01, 'IQ', ['Irbil', 'Arbil', 'Hawler']),
  place('Sinjar', 36.32, 41.87, 'IQ'),
  place('Anbar', 33.4, 42.5, 'IQ', ['Al-Anbar', 'Anbar province']),
  place('Sirte', 31.2, 16.59, 'LY', ['Sirt']),
  place('Benghazi', 32.12, 20.07, 'LY', ['Bengazi']),
  place('Sanaa', 15.35, 44.2, 'YE', ["Sana'a", 'Sana']),
  place('Mecca', 21.42, 39.83, 'SA', ['Makkah']),
  place('Medina', 24.47, 39.61, 'SA', ['Madinah', 'Al-Madinah']),
  place('Jeddah', 21.54, 39.17, 'SA', ['Jiddah', 'Jedda']),
  place('Riyadh', 24.69, 46.72, 'SA', ['Ar-Riyadh', 'Ar Riyad']),
  place('Kiev', 50.45, 30.52, 'UA', ['Kyiv']),
  place('Sinai', 29.5, 33.8, 'EG', ['Sinai Peninsula', 'Sinai peninsula']),
  place('Gaza', 31.42, 34.36, 'PS', ['Gaza Strip', 'Gaza City']),
  place('West Bank', 31.95, 35.3, 'PS'),
  place('Golan Heights', 33, 35.75, 'SY', ['Golan']),
  place('Crimea', 45, 34.1, 'UA'),
  place('Donbas', 48, 38, 'UA', ['Donbass']),
  place('Kurdistan', 36.4, 44, 'IQ', ['Iraqi Kurdistan']),
  place('Kashmir', 34.1, 74.8, undefined),
  place('Darfur', 13.5, 24, 'SD'),
  place('New York', 40.71, -74.01, 'US', ['New York City', 'NYC']),
  place('England', 52.5, -1.5, 'GB'),
  place('Scotland', 56.8, -4.2, 'GB'),
  place('Wales', 52.4, -3.7, 'GB'),
  place('Northern Ireland', 54.6, -6.7, 'GB'),
  place('Quebec', 52, -72, 'CA'),
  place('Ontario', 50, -86, 'CA'),
  place('Alberta', 55, -115, 'CA'),
  place('British Columbia', 54, -125, 'CA'),
  place('Catalonia', 41.8, 1.5, 'ES'),
  place('Bavaria', 48.9, 11.4, 'DE'),
  place('Tibet', 31, 88, 'CN'),
  place('Xinjiang', 41, 85, 'CN'),
  place('Siberia', 60, 100, 'RU'),
  place('Chechnya', 43.4, 45.7, 'RU'),
  place('Punjab', 31, 74, undefined),
  place('Gulf of Mexico', 25, -90, undefined),
  place('Persian Gulf', 27, 51, undefined, ['Arabian Gulf']),
  place('Mediterranean', 35, 18, undefined, ['Mediterranean Sea']),
  ...usStates(),
  place('Europe', 54.5, 15.3, undefined),
  place('Africa', 1.65, 17.0, undefined),
  place('Asia', 34, 100, undefined),
  place('Middle East', 29, 41, undefined, ['Mideast']),
  place('Levant', 34, 37, undefined),
  place('Balkans', 42.5, 21, undefined),
  place('Caucasus', 42.5, 44.5, undefined),
];

/** US states by approximate centre (Georgia and Washington are left to the country and the capital). */
function usStates(): KnownEntity[] {
  const table = `Alabama 32.8 -86.8|Alaska 64.7 -152|Arizona 34.3 -111.7|Arkansas 34.9 -92.4|California 37.2 -119.5|
    Colorado 39 -105.5|Connecticut 41.6 -72.7|Delaware 39 -75.5|Florida 28.6 -82.4|Hawaii 20.3 -156.4|Idaho 44.4 -114.6|
    Illinois 40 -89.2|Indiana 39.9 -86.3|Iowa 42.1 -93.5|Kansas 38.5 -98.4|Kentucky 37.5 -85.3|Louisiana 31 -92|
    Maine 45.4 -69.2|Maryland 39 -76.8|Massachusetts 42.3 -71.8|Michigan 44.3 -85.4|Minnesota 46.3 -94.3|
    Mississippi 32.7 -89.7|Missouri 38.4 -92.5|Montana 47 -109.6|Nebraska 41.5 -99.8|Nevada 39.3 -116.6|
    New Hampshire 43.7 -71.6|New Jersey 40.2 -74.7|New Mexico 34.4 -106.1|North Carolina 35.6 -79.4|
    North Dakota 47.5 -100.5|Ohio 40.3 -82.8|Oklahoma 35.6 -97.5|Oregon 43.9 -120.6|Pennsylvania 40.9 -77.8|
    Rhode Island 41.7 -71.5|South Carolina 33.9 -80.9|South Dakota 44.4 -100.2|Tennessee 35.9 -86.4|Texas 31.5 -99.3|
    Utah 39.3 -111.7|Vermont 44.1 -72.7|Virginia 37.5 -78.8|West Virginia 38.6 -80.6|Wisconsin 44.6 -89.9|
    Wyoming 43 -107.5`;
  return table.split('|').map((row) => {
    const m = /^\s*(.+?) (-?[\d.]+) (-?[\d.]+)\s*$/.exec(row);
    if (!m) throw new Error(`bad state row ${row}`);
    return place(m[1], Number(m[2]), Number(m[3]), 'US');
  });
}

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

/**
 * Words that head a title before a person's name. Multi-word titles ("Prime Minister", "Secretary of State") are
 * made of these plus TITLE_MODIFIERS; a title is kept as a typing cue, never as part of the name.
 */
export const TITLE_HEADS = words(`Mr Mr. Mrs Mrs. Ms Ms. Miss Dr Dr. Sen Sen. Rep Rep. Gov Gov. Gen Gen. Col Col. Lt Lt.
  Capt Capt. Maj Maj. Sgt Sgt. Adm Adm. Cmdr Cmdr. Prof Prof. Rev Rev. Amb Amb. Pres Pres. Supt Supt. Sheikh Sheik Sir
  Dame Lord Lady President Minister Secretary Secretary-General Chancellor Senator Representative Congressman
  Congresswoman Governor Mayor General Colonel Lieutenant Captain Major Sergeant Admiral Commander Judge Ambassador
  Envoy Spokesman Spokeswoman Chairman Chairwoman Director King Queen Prince Princess Pope Emir Premier Ayatollah Imam
  Rabbi Cardinal Archbishop Bishop Professor Sheriff Inspector Detective Superintendent Chief Marshal Brigadier
  Attorney-General Commissioner Speaker Vice-President CEO Executive Officer`);

/**
 * Occupations, roles and nationality nouns written capitalised before a name ("Singer Ann Vale", "Briton Tony
 * Hayward", "Rapper X"): they describe the person and are kept as the title, never as part of the name.
 */
export const ROLE_NOUNS = words(`Singer Singer-songwriter Songwriter Actor Actress Rapper Comedian Comic Author Writer
  Novelist Poet Playwright Artist Painter Sculptor Musician Guitarist Drummer Pianist Composer Conductor Dancer
  Filmmaker Producer Photographer Chef Designer Model Businessman Businesswoman Billionaire Tycoon Magnate Entrepreneur
  Investor Banker Economist Analyst Activist Campaigner Lawyer Journalist Reporter Columnist Broadcaster Presenter
  Anchor Host Quarterback Striker Goalkeeper Midfielder Defender Pitcher Golfer Boxer Wrestler Cyclist Runner Sprinter
  Swimmer Skier Champion Star Legend Veteran Pastor Preacher Evangelist Candidate Nominee Challenger Incumbent
  Defendant Suspect Gunman Victim Widow Widower Whistleblower Astronaut Explorer Scientist Physicist Chemist Biologist
  Historian Philosopher Economist Surgeon Doctor Nurse Teacher Coach Manager Owner Founder Co-founder Chairman
  Chairwoman Chairperson Briton Britons Scot Scots Welshman Englishman Englishwoman Frenchman Frenchwoman Irishman
  Dutchman Kiwi Aussie`);

/**
 * Adjectives of regions, religions and peoples that the country data has no demonym for: written alone ("Islamic",
 * "European") they qualify a noun and name no organisation, place or person.
 */
export const GROUP_ADJECTIVES = words(`European African Asian Arab Arabic Western Eastern Northern Southern Islamic
  Islamist Muslim Christian Jewish Catholic Protestant Orthodox Evangelical Sunni Shia Shiite Shiite Alawite Druze
  Kurdish Latin Nordic Baltic Balkan Scandinavian Hispanic Persian Pashtun Hindu Sikh Buddhist Transatlantic Gulf
  Middle-Eastern Sub-Saharan Caucasian Slavic Anglo Franco Soviet Communist Socialist Liberal Conservative Jihadist`);

/**
 * Lower-case nouns right before a name that make it a thing: a product, a drug, a vessel, an event ("the drug X",
 * "the tanker X", "aboard the X"). Persons are not written after these.
 */
export const THING_BEFORE = words(`drug drugs medicine medication vaccine pill antiviral antidepressant painkiller
  treatment ship vessel tanker rig platform boat yacht ferry submarine carrier frigate destroyer warship liner freighter
  trawler cruiser aircraft plane jet jetliner airliner helicopter satellite spacecraft probe rocket shuttle brand
  product device phone smartphone app software program programme game console car model album film movie song single
  novel book series show play musical opera painting operation exercise hurricane storm typhoon cyclone festival
  tournament championship summit conference aboard onboard`);

/** Transcript markers that are never names ("End Quote Barack Obama" is Barack Obama). */
export const TRANSCRIPT_MARKERS = words(`Quote Unquote Endquote`);

/** Words that only make a title together with a head ("Prime Minister", "Defence Minister", "Foreign Secretary"). */
export const TITLE_MODIFIERS =
  words(`Prime Vice Deputy Foreign Defence Defense Interior Finance Economy Health Home Justice
  Education Environment Trade Energy Labor Labour Transport Agriculture Culture Army Military Former Acting Interim
  Outgoing Incoming Senior Assistant Crown Supreme Attorney Lieutenant Major Chief Brigadier Field Staff Sergeant
  Operating Financial Technology Managing Executive`);

/** Last words that make a capitalised run an organisation ("Interior Ministry", "Socialist Party"). */
export const ORG_HEADS =
  words(`Ministry Ministries Department Party Council Union Agency Agencies Group Army Forces Force
  Navy Guard Guards Corps Bank Organization Organisation University College Institute Association Committee Commission
  Court Parliament Assembly Senate Congress Government Administration Police Federation League Foundation Fund Front
  Movement Brigade Brigades Battalion Authority Office Bureau Service Services Company Corporation Corp Corp. Inc Inc.
  Ltd Airlines Airways Network News Times Post Journal Press Tribune Herald Gazette Telegraph Magazine Radio Television
  TV Channel Agency Coalition Alliance Embassy Palace Society Club Institution Centre Center Secretariat Cabinet Board
  Academy School Church Mosque Hospital Prosecutor's Prosecutors Tribunal Regime Command Mission Unit Units Committee
  Militia Council Reserve Plc PLC plc Ltd. LLC AG Holdings Group Industries Motors Electric Petroleum Energy Oil
  Resources Systems Technologies Partners Capital Trust Exchange Survey Affairs`);

/** Organisation words that make a name an organisation wherever they stand in it ("Imperial College London"). */
export const STRONG_ORG_WORDS = words(`Ministry University College Institute Party Council Committee Commission Agency
  Corporation Company Association Foundation Federation Organization Organisation Department`);

/** Last words that make a capitalised run a place ("Prince William Sound", "Gulf Coast"). */
export const GEO_HEADS =
  words(`Island Islands Mountains Mountain River Lake Valley Desert Sea Ocean Province Region County
  District Governorate Peninsula Strait Gulf Bay Heights Plain Basin Coast Sound Isle Cape Canal Channel Park Forest`);

/** First words that, followed by "of", start an organisation name ("Bank of England", "Ministry of Defence"). */
export const ORG_OF_HEADS = words(`Bank Ministry Department University Council Organization Organisation Institute
  Federation League Union Court Commission Committee Academy College Church House Chamber Office Board Association
  Republic Kingdom Islamic State States Assembly Gulf Bay Strait Isle Sea Army Party Museum Secretary Minister Governor`);

/** Lower-case words right before a name that make it an organisation ("the satirical magazine Charlie Hebdo"). */
export const ORG_APPOSITION =
  words(`magazine newspaper paper daily weekly channel broadcaster station radio network agency
  company firm group militia party organisation organization movement outlet website publication brand carrier airline
  club team bank charity`);

/** Capitalised words that never are (or start) a name: sentence openers, function words, time words. */
export const NON_NAME = words(`The A An But And Or So Yet If In On At As By For From Of To With When While After Before
  Since Until During Although Though Because This That These Those It Its He She They We I You His Her Their Our My
  Your Him Them Us Me Earlier Later Meanwhile However Still Then Now Also Even Only Just Here There Where What Who Whom
  Whose Why How Which Some Many Most All Both Each Every No Not Nor One Two Three Four Five Six Seven Eight Nine Ten
  Another Other Others Such More Last Next First Second Third Today Tomorrow Yesterday Tonight Like Unlike Despite Under
  Over Against Among Between Into Through Without Within Instead Indeed Yes Well Oh Let Do Does Did Is Are Was Were Has
  Have Had Will Would Can Could Should Might Must Shall According Asked Please Thus Hence Perhaps Maybe Already Again
  Never Always Sometimes Often Once Whether Unless Except Beyond Across Around About Above Below Near Per Via Amid
  Toward Towards Upon Onto Off Out Up Down Ahead Inside Outside Whereas Moreover Furthermore Nevertheless Nonetheless
  Otherwise Overall Finally Ultimately Speaking Share Advertisement Advertising Updated Published Opinion Editorial
  Copyright Click Watch Read Photo Image Video Reporting Writing Editing Additional Page Photograph Anti Everyone
  Anyone Nobody Someone Somebody Everybody Anybody Neither Either Having Being Nothing Everything Something LRB RRB LSB RSB LCB RCB GMT BST EDT EST
  PST PDT CET CEST UTC Getty Images Dear Hi Hello Thanks Quote Unquote Endquote`);

/** Dates, not entities. */
export const DATE_WORDS = words(`Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April
  May June July August September October November December Jan Jan. Feb Feb. Mar Mar. Apr Apr. Jun Jun. Jul Jul. Aug
  Aug. Sep Sep. Sept Sept. Oct Oct. Nov Nov. Dec Dec. Christmas Easter Ramadan Eid`);

/**
 * Common given names (a short list across languages): a run opening with one of these is a person unless something
 * says otherwise. Arabic theophoric names (Abd…, Abdel…, Abu …) are matched by pattern in the entity code.
 */
export const GIVEN_NAMES =
  words(`John James Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel
  Matthew Donald Mark Paul Steven Steve Andrew Kenneth Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan
  Jacob Gary Nicholas Eric Jonathan Stephen Larry Justin Scott Frank Benjamin Gregory Samuel Raymond Patrick Alexander
  Jack Dennis Jerry Peter Henry Douglas Harold Carl Arthur Lawrence Barack Bill Hillary Bernie Mike Ted Tim Joe Chris Jim
  Tom Harry Ben Mary Patricia Jennifer Linda Elizabeth Barbara Susan Sarah Karen Nancy Lisa Margaret Sandra Emily Helen
  Anna Angela Nicole Emma Catherine Julia Maria Marie Claire Sophie Theresa Victoria Jean Francois François Manuel
  Laurent Bernard Nicolas Emmanuel Jacques Pierre Michel Gilles Alain Philippe Dominique Christophe Ségolène Segolene
  Marine Christiane Martine Vladimir Sergei Sergey Dmitry Dmitri Boris Viktor Ivan Igor Alexei Mikhail Bashar Hafez
  Hassan Hussein Ali Mohammed Mohammad Muhammad Mohamed Ahmed Ahmad Mahmoud Omar Umar Khalid Salah Youssef Yusuf Ibrahim
  Ismail Mustafa Hamid Hasan Hosni Recep Ahmet Tayyip Benjamin Ayatollah Xi Li Wang Shinzo Narendra Nawaz Imran Angela
  Matteo Mariano Silvio Giuseppe Federica Donald Recep Abu Osama Ayman Anwar Saddam Muammar Hamad Tamim Salman
  Mohammad Tony Ken Doug Bob Rick Ron Don Dick Bobby Jeb Kent Carol Janet Hank Ed Ted Al Dan Sam Nick Matt Greg Jeff
  Rob Phil Andy Alex Tom Gordon Nigel Boris Theresa Tony Ed Liz Rishi Keir Justin Stephen Angela Olaf Gerhard Helmut
  Silvio Romano Enrico Jacques Lionel Dominique Ségolène Nicolas Rachida Najat Christine Edouard Jean-Yves Jean-Marc
  Jean-Luc Jean-Claude Jean-Pierre Marie Anne Sophie Isabelle Nathalie Valérie Thierry Olivier Didier Patrice`);

/** Lower-case particles that may stand between name words ("Charles de Gaulle", "Osama bin Laden"). */
export const NAME_PARTICLES = words(
  `al el bin ibn ben bint abu de du da di del della des van von der den la le dos das ter`,
);

/** Particles written only hyphenated to the next word ("Deir ez-Zor", "Abu Bakr as-Sadiq"). */
export const HYPHEN_PARTICLES = words(`al el ez ed es er ar as ash at az ad an`);

/** Given names read as male (a gender cue for pronouns and honorifics: "he" is not Hillary, "Mrs. X" not Al X). */
export const MALE_FIRST =
  words(`Al John James Robert Michael William David Richard Joseph Thomas Charles Christopher Daniel Matthew
  Donald Mark Paul Steven Steve Andrew Kenneth Joshua Kevin Brian George Edward Ronald Timothy Jason Jeffrey Ryan Jacob Gary
  Nicholas Eric Jonathan Stephen Larry Justin Scott Brandon Frank Benjamin Gregory Samuel Raymond Patrick Alexander Jack
  Dennis Jerry Tyler Aaron Jose Adam Henry Nathan Douglas Zachary Peter Kyle Walter Ethan Jeremy Harold Keith Christian
  Roger Noah Gerald Carl Terry Sean Austin Arthur Lawrence Jesse Dylan Bryan Joe Jordan Billy Bruce Albert Willie Gabriel
  Logan Alan Juan Wayne Roy Ralph Randy Eugene Vincent Russell Elijah Louis Bobby Philip Johnny Barack Bill Bernie Mike
  Ted Tim Newt Rudy Chris Jim Tom Harry Jean Francois François Manuel Laurent Bernard Vladimir Bashar Hassan Ali Mohammed
  Muhammad Ahmed Abdel Abu Recep Benjamin Xi Shinzo Justin Nicolas Emmanuel Jacques Pierre Michel Sergei Sergey
  Dmitry Boris Viktor Ivan Igor Alexei Hamid Ashraf Nawaz Imran Narendra Rex Mitch Lindsey Marco Jeb Reince Sean
  Rand Lamar Elijah Jason Chuck Harry Ben Jared Eric Steve Rudolph Michel Gilles Abdelhamid Salah Francis Matteo Mariano`);

/** Given names read as female. */
export const FEMALE_FIRST =
  words(`Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Nancy Lisa Betty Margaret
  Sandra Ashley Kimberly Emily Donna Michelle Dorothy Carol Amanda Melissa Deborah Stephanie Rebecca Sharon Laura Cynthia
  Kathleen Amy Shirley Angela Helen Anna Brenda Pamela Nicole Emma Samantha Katherine Christine Debra Rachel Catherine
  Carolyn Janet Ruth Maria Heather Diane Virginia Julie Joyce Victoria Olivia Kelly Christina Lauren Joan Evelyn Judith
  Megan Cheryl Andrea Hannah Martha Jacqueline Frances Gloria Ann Teresa Kathryn Sara Janice Alice Madison Doris
  Abigail Julia Judy Grace Denise Amber Marilyn Beverly Danielle Theresa Sophia Marie Diana Brittany Natalie Isabella
  Charlotte Rose Alexis Kayla Hillary Chelsea Melania Ivanka Michelle Nancy Elizabeth Claire Kellyanne Loretta Condoleezza
  Madeleine Theresa Angela Marine Ségolène Segolene Christiane Federica Dilma Aung Ava Gwen Malkia Huma Donna Elaine
  Melanie Quina Carla Jacklyn Esther Azucena Karen Stacey Jill Gennifer Hope Kate Katie Sally Susana Nikki Tulsi`);
