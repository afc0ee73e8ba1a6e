//! Small word lists shipped with the importer: states, nationality
//! adjectives, roles and the cue words that suggest an entity's kind.

/// Countries and states, present and historical, as English texts name them.
pub const STATES: &[&str] = &[
    "Afghanistan", "Albania", "Algeria", "Argentina", "Armenia", "Australia", "Austria",
    "Austria-Hungary", "Azerbaijan", "Bavaria", "Belarus", "Belgium", "Bolivia", "Bosnia",
    "Brazil", "Britain", "Bulgaria", "Burma", "Cambodia", "Canada", "Chile", "China", "Colombia",
    "Croatia", "Cuba", "Czechoslovakia", "Czech Republic", "Denmark", "Egypt", "England",
    "Estonia", "Ethiopia", "Finland", "France", "Georgia", "Germany", "Great Britain", "Greece",
    "Hungary", "Iceland", "India", "Indonesia", "Iran", "Iraq", "Ireland", "Israel", "Italy",
    "Japan", "Jordan", "Kazakhstan", "Kenya", "Korea", "Latvia", "Lebanon", "Libya",
    "Lithuania", "Luxembourg", "Manchukuo", "Mexico", "Mongolia", "Morocco", "Netherlands",
    "New Zealand", "Nigeria", "North Korea", "Norway", "Ottoman Empire", "Pakistan", "Palestine",
    "Persia", "Peru", "Philippines", "Poland", "Portugal", "Prussia", "Romania", "Russia",
    "Russian Empire", "Saudi Arabia", "Saxony", "Scotland", "Serbia", "Siam", "Slovakia",
    "Slovenia", "South Africa", "South Korea", "Soviet Russia", "Soviet Union", "Spain",
    "Sweden", "Switzerland", "Syria", "Taiwan", "Thailand", "Tunisia", "Turkey", "Ukraine",
    "United Kingdom", "United States", "Uruguay", "USA", "USSR", "Venezuela", "Vietnam",
    "Wales", "Weimar Republic", "Third Reich", "Yugoslavia", "Holy Roman Empire",
    "Habsburg Empire", "Soviet Ukraine", "German Reich", "German Empire", "Japanese Empire",
];

/// Nationality and regional adjectives: capitalised, but not names on their own.
pub const DEMONYMS: &[&str] = &[
    "African", "American", "Arab", "Arabic", "Asian", "Austrian", "Bavarian", "Belgian",
    "Bolshevik", "British", "Bulgarian", "Canadian", "Catholic", "Chinese", "Christian",
    "Communist", "Czech", "Danish", "Dutch", "Eastern", "English", "Estonian", "European",
    "Finnish", "French", "German", "Greek", "Hungarian", "Indian", "Irish", "Islamic",
    "Italian", "Japanese", "Jewish", "Latin", "Latvian", "Lithuanian", "Marxist", "Mexican",
    "Muslim", "Nazi", "Northern", "Norwegian", "Ottoman", "Persian", "Polish", "Portuguese",
    "Protestant", "Prussian", "Roman", "Romanian", "Russian", "Scottish", "Serbian", "Slavic",
    "Socialist", "Southern", "Soviet", "Spanish", "Swedish", "Swiss", "Tsarist", "Turkish",
    "Ukrainian", "Western", "Allied", "Anglo", "Franco", "Nordic", "Baltic", "Democratic",
    "Republican", "Imperial", "Royal", "National", "Federal", "International", "Red", "White",
];

/// Roles and honorifics: before a name they say it is a person's.
pub const ROLES: &[&str] = &[
    "Admiral", "Ambassador", "Archbishop", "Archduke", "Baron", "Bishop", "Captain",
    "Cardinal", "Chairman", "Chancellor", "Chief", "Colonel", "Commander", "Commissar",
    "Comrade", "Count", "Countess", "Dr", "Duke", "Emperor", "Empress", "Field", "Foreign",
    "General", "Generals", "Governor", "Judge", "Kaiser", "King", "Lady", "Lieutenant", "Lord",
    "Major", "Marshal", "Minister", "Ministers", "Mr", "Mrs", "Ms", "Miss", "Pope", "Premier",
    "President", "Prime", "Prince", "Princess", "Prof", "Professor", "Queen", "Rabbi",
    "Secretary", "Senator", "Sergeant", "Sir", "Tsar", "Czar", "Vice", "Chairwoman", "Saint",
    "St", "Father", "Sister", "Brother", "Herr", "Frau", "Monsieur", "Madame", "Madam",
    "Defence", "Defense", "War", "Deputy", "Commissioner",
];

/// Roles that on their own, before a name, say nothing unless followed by one.
pub const ROLE_ONLY_BEFORE: &[&str] = &[
    "Foreign", "Field", "Prime", "Vice", "Defence", "Defense", "War", "Deputy",
];

/// Lower-case words that join the words of a name: "Treaty of Rapallo",
/// "Werner von Blomberg", "Union of the Soviet Socialist Republics".
pub const PARTICLES: &[&str] = &[
    "of", "von", "van", "der", "den", "de", "du", "la", "le", "des", "al", "bin", "ibn", "da",
    "di", "del", "della", "zu", "y", "the", "for",
];

pub const TREATY: &[&str] = &[
    "Treaty", "Pact", "Agreement", "Accord", "Accords", "Convention", "Protocol", "Charter",
    "Alliance", "Armistice", "Concordat",
];

pub const ORGANISATION: &[&str] = &[
    "Army", "Navy", "Commission", "Committee", "League", "Party", "Ministry", "Council",
    "Office", "Bureau", "Institute", "University", "Assembly", "Parliament", "Government",
    "Congress", "Reichswehr", "Wehrmacht", "Luftwaffe", "Reichstag", "Duma", "Comintern",
    "Force", "Command", "Corps", "Division", "Regiment", "Society", "Association", "Bank",
    "Court", "Senate", "Directorate", "Department", "Agency", "Commissariat", "Academy",
    "Church", "Cabinet", "Staff", "Politburo", "Soviet", "Cheka", "NKVD", "OGPU", "GPU",
    "Federation", "Organisation", "Organization", "Foundation", "Museum", "Library", "Union",
    "Navy", "Fleet", "Guard", "Police", "Service", "Services", "Administration", "Board",
];

pub const COMPANY: &[&str] = &[
    "Inc", "Ltd", "GmbH", "AG", "Corp", "Corporation", "Company", "Co", "Werke", "Works",
    "Industries", "Motors", "Airlines", "LLC", "PLC", "SA",
];

pub const SITE: &[&str] = &[
    "Facility", "School", "Base", "Camp", "Airfield", "Factory", "Plant", "Station", "Fort",
    "Castle", "Palace", "Range", "Cathedral", "Church", "Bridge", "Tower", "Square", "Hall",
    "Harbour", "Harbor", "Port", "Airport", "Prison", "Hospital", "Mine", "Shipyard",
];

pub const PLACE: &[&str] = &[
    "River", "Mount", "Mountains", "Lake", "Sea", "Ocean", "Island", "Islands", "Valley",
    "City", "Street", "Province", "Region", "Oblast", "County", "District", "Bay", "Gulf",
    "Peninsula", "Coast", "Desert", "Forest", "Strait", "Canal",
];

/// Words that make a name a state's: "German Republic", "Ottoman Empire".
pub const STATE_WORDS: &[&str] = &[
    "Republic", "Empire", "Kingdom", "Reich", "Principality", "Duchy", "Sultanate", "Khanate",
    "Confederation", "Commonwealth",
];

/// Named wars, revolutions, alliances of powers and the like: kind "group".
pub const HAPPENING: &[&str] = &[
    "Powers", "Allies", "Entente", "Axis",
    "War", "Revolution", "Conference", "Battle", "Crisis", "Putsch", "Uprising", "Movement",
    "Rebellion", "Offensive", "Campaign", "Olympics", "Games", "Congress",
];

/// Words that are capitalised at the start of a sentence and almost never names.
pub const STOP: &[&str] = &[
    "A", "About", "After", "Again", "All", "Also", "Although", "Among", "An", "And", "Any",
    "As", "At", "Because", "Before", "Both", "But", "By", "Despite", "During", "Each", "Even",
    "Every", "For", "From", "He", "Her", "His", "However", "I", "If", "In", "Instead", "Into",
    "It", "Its", "Many", "Meanwhile", "More", "Most", "Much", "My", "No", "Not", "Now", "Of",
    "On", "Once", "One", "Only", "Or", "Other", "Our", "Over", "Several", "She", "Since", "So",
    "Some", "Such", "That", "The", "Their", "Then", "There", "These", "They", "This", "Those",
    "Though", "Through", "Thus", "To", "Under", "Until", "Upon", "We", "What", "When", "Where",
    "Whereas", "Whether", "Which", "While", "Who", "With", "Within", "Without", "Yet", "You",
    "Your", "Yes", "Mr", "Mrs", "Ms", "Dr", "St", "Here", "Why", "How", "Let", "Do", "Does",
    "Did", "Is", "Are", "Was", "Were", "Be", "Has", "Have", "Had", "Will", "Would", "Can",
    "Could", "Should", "May", "Might", "Must", "Shall", "OK", "Oh", "Dear", "Chapter", "Part",
    "Page", "Figure", "Table", "Section", "Note", "Notes", "See", "Sources", "Source", "Photo",
    "Image", "Read", "Share", "Comments", "Comment", "Post", "Home", "Menu", "Search", "Login",
    "Subscribe", "Click", "Next", "Previous", "Back", "Top", "Contents", "Index", "Introduction",
];

pub const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec",
];

pub const WEEKDAYS: &[&str] = &[
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Easter",
    "Christmas",
];
