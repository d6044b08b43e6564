"""Word pools the generator draws names and titles from (all invented combinations, no real works)."""

from __future__ import annotations


def _split(text: str) -> list[str]:
    return [w.strip() for w in text.split(",") if w.strip()]


FIRST_NAMES = _split(
    "Ana, Bruno, Carla, Daniel, Elena, Felix, Greta, Hugo, Ines, Jonas, Keiko, Liam, Maya, Nikos, Olivia, Pavel, "
    "Quinn, Rosa, Samir, Tara, Umar, Vera, Wen, Ximena, Yusuf, Zoe, Amara, Bjorn, Chloe, Diego, Esther, Farid, "
    "Giulia, Hana, Ivan, Jade, Kofi, Lucia, Mateo, Nadia, Oscar, Priya, Rafael, Sofia, Tomas, Uma, Victor, Wanjiru, "
    "Yara, Zane, Aiko, Benedikt, Camila, Dmitri, Emeka, Freya, Gabriel, Helena, Isak, Julia"
)
LAST_NAMES = _split(
    "Almeida, Brennan, Castillo, Dubois, Eriksen, Fontaine, Gallagher, Hoffmann, Ishikawa, Jansen, Kowalski, "
    "Lindqvist, "
    "Moreau, Nakamura, Okafor, Petrov, Quintero, Rossi, Silva, Tanaka, Ulloa, Varga, Weber, Xu, Yilmaz, Zimmermann, "
    "Abara, Bianchi, Carvalho, Dimitriou, Esposito, Fischer, Guerrero, Haddad, Iyer, Jovanovic, Kim, Larsen, Mendes, "
    "Novak, Ortega, Park, Rahman, Schmidt, Torres, Urban, Vasquez, Wagner, Yamamoto, Zeller, Achebe, Berg, Chen, Duarte"
)
ADJECTIVES = _split(
    "Silent, Golden, Hidden, Crimson, Distant, Broken, Electric, Endless, Frozen, Gentle, Hollow, Lonely, Midnight, "
    "Northern, Painted, Quiet, Restless, Scarlet, Silver, Wandering, Wild, Velvet, Burning, Secret, Falling, Last, "
    "Bright, Paper, Iron, Glass, Amber, Copper, Faded, Little, Lost, Open, Salt, Sleeping, Summer, Winter"
)
NOUNS = _split(
    "Harbor, River, Garden, Mirror, Signal, Lantern, Horizon, Orchard, Compass, Echo, Meadow, Tide, Station, Bridge, "
    "Canyon, Island, Forest, Letter, Engine, Kingdom, Voyage, Window, Shadow, Promise, Storm, Valley, Circus, Atlas, "
    "Archive, Frontier, Lighthouse, Monsoon, Parade, Quarry, Satellite, Thread, Citadel, Ember, Harvest, Pilgrim"
)
COMPANY_HEADS = _split(
    "Blue, North, Bright, Clear, Iron, Silver, Cedar, Summit, Harbor, Quantum, Nova, Apex, Vertex, Solar, Terra, "
    "Lumen, Pioneer, Atlas, Crest, Delta, Ember, Falcon, Granite, Helix, Indigo, Juniper, Kestrel, Maple, Orbit, Polar"
)
COMPANY_TAILS = _split(
    "peak, wind, stone, field, bridge, wave, line, works, gate, point, light, path, forge, spring, ridge, port"
)
SECTORS: dict[str, list[str]] = {
    "Technology": ["Software", "Semiconductors", "Cloud Services"],
    "Healthcare": ["Pharmaceuticals", "Medical Devices", "Biotechnology"],
    "Energy": ["Renewable Energy", "Oil & Gas", "Utilities"],
    "Consumer": ["Retail", "Food & Beverage", "Apparel"],
    "Industrials": ["Aerospace", "Logistics", "Machinery"],
    "Finance": ["Banking", "Insurance", "Payments"],
}
COMPANY_SUFFIX = {
    "Software": "Systems",
    "Semiconductors": "Semiconductor",
    "Cloud Services": "Cloud",
    "Pharmaceuticals": "Pharma",
    "Medical Devices": "Medical",
    "Biotechnology": "Bio",
    "Renewable Energy": "Renewables",
    "Oil & Gas": "Energy",
    "Utilities": "Power",
    "Retail": "Retail",
    "Food & Beverage": "Foods",
    "Apparel": "Apparel",
    "Aerospace": "Aerospace",
    "Logistics": "Logistics",
    "Machinery": "Industries",
    "Banking": "Bank",
    "Insurance": "Insurance",
    "Payments": "Pay",
}
GENRES_FILM = _split(
    "Drama, Comedy, Thriller, Science Fiction, Romance, Animation, Documentary, Horror, Adventure, Crime"
)
GENRES_MUSIC = _split("Pop, Rock, Jazz, Electronic, Hip-Hop, Folk, Classical, R&B, Indie, Latin")
WEATHER_CONDITIONS = _split("Sunny, Partly cloudy, Cloudy, Light rain, Heavy rain, Thunderstorm, Fog, Windy, Snow")
CUISINES = _split("Italian, Mexican, Japanese, Indian, French, Thai, Greek, Moroccan, Spanish, Korean")
HOTEL_WORDS = _split(
    "Grand, Plaza, Harbor, Garden, Royal, Riverside, Central, Boutique, Park, Skyline, Old Town, Palace"
)
HOTEL_KINDS = _split("Hotel, Suites, Inn, Resort, Lodge, Residences")
AMENITIES = _split(
    "Free WiFi, Pool, Spa, Gym, Parking, Airport shuttle, Restaurant, Bar, Pet friendly, Breakfast included"
)
ATTRACTION_KINDS: dict[str, list[str]] = {
    "Museum": ["Museum of Modern Art", "History Museum", "Science Center", "Maritime Museum", "National Gallery"],
    "Park": ["Botanical Garden", "City Park", "Riverside Park", "Zoo"],
    "Landmark": ["Old Cathedral", "Clock Tower", "Royal Palace", "Old Fort", "Observation Deck"],
    "Market": ["Central Market", "Night Market", "Flea Market"],
}
PRODUCT_CATEGORIES: dict[str, list[str]] = {
    "Electronics": ["Wireless Earbuds", "Bluetooth Speaker", "Smartwatch", "Action Camera", "E-Reader", "Power Bank"],
    "Home & Kitchen": ["Espresso Machine", "Air Fryer", "Blender", "Chef's Knife", "Cast Iron Skillet", "Kettle"],
    "Sports & Outdoors": ["Hiking Backpack", "Yoga Mat", "Trail Running Shoes", "Camping Tent", "Water Bottle"],
    "Books & Office": ["Notebook Set", "Desk Lamp", "Fountain Pen", "Monitor Stand", "Ergonomic Chair"],
    "Toys & Games": ["Puzzle 1000 Pieces", "Building Blocks Set", "Board Game", "Remote Control Car"],
    "Beauty": ["Face Moisturizer", "Hair Dryer", "Sunscreen SPF 50", "Electric Toothbrush"],
}
BRAND_WORDS = _split("Aero, Nimbus, Vanta, Kora, Lumio, Zentro, Ostra, Pixel, Hearth, Trailex, Solace, Brava")
PRODUCT_ADJECTIVES = _split("Pro, Lite, Max, Mini, Plus, Ultra, Classic, Sport, Air, Eco")
TEAM_SUFFIXES = _split("FC, United, City, Athletic, Rovers, Wanderers, Sporting, Real")
POSITIONS = ["Goalkeeper", "Defender", "Midfielder", "Forward"]
JOB_TITLES = _split(
    "Software Engineer, Data Analyst, Product Manager, UX Designer, Marketing Specialist, Accountant, "
    "Nurse, Mechanical Engineer, Sales Representative, Customer Support Agent, Data Scientist, DevOps Engineer, "
    "Financial Analyst, Project Manager, Graphic Designer, HR Generalist"
)
SKILLS = _split(
    "Python, SQL, Excel, Communication, Figma, Kubernetes, Negotiation, CAD, Statistics, Java, Leadership, "
    "Copywriting, Budgeting, Customer Service, Machine Learning, Agile"
)
NEWS_TOPICS = _split("Politics, Business, Technology, Science, Sports, Health, Culture, Environment, Travel")
EVENT_TYPES = _split("Concert, Festival, Conference, Exhibition, Theatre, Comedy, Sports, Food Fair")
GAME_GENRES = _split("Action, Puzzle, Strategy, Role-Playing, Racing, Simulation, Platformer, Sports")
PLATFORMS = _split("PC, PlayStation, Xbox, Switch, Mobile")
PODCAST_CATEGORIES = _split("Technology, True Crime, Comedy, History, Science, Business, Health, Education")
BOOK_GENRES = _split("Mystery, Fantasy, Science Fiction, Biography, History, Romance, Thriller, Poetry")
UNIVERSITY_DEPARTMENTS = _split(
    "Computer Science, Mathematics, Physics, Biology, Economics, History, Literature, Architecture"
)
COURSE_TOPICS: dict[str, list[str]] = {
    "Computer Science": ["Algorithms", "Databases", "Operating Systems", "Machine Learning"],
    "Mathematics": ["Linear Algebra", "Calculus II", "Probability", "Number Theory"],
    "Physics": ["Classical Mechanics", "Electromagnetism", "Quantum Physics"],
    "Biology": ["Genetics", "Cell Biology", "Ecology"],
    "Economics": ["Microeconomics", "Macroeconomics", "Econometrics"],
    "History": ["Ancient Civilizations", "Modern Europe", "History of Science"],
    "Literature": ["Poetry Workshop", "The Modern Novel", "Creative Writing"],
    "Architecture": ["Urban Design", "Building Materials", "Architectural History"],
}
SENTENCE_BITS = _split(
    "we walked along the water, the city lights were burning, you said it would be fine, "
    "the night was young and so were we, nothing ever stays the same, I kept your letter in my coat, "
    "the radio was playing our song, we danced until the morning, the road goes on forever, "
    "I hear the echo of your voice, the stars are falling down tonight, hold on to what we had"
)
REVIEW_GOOD = _split(
    "Excellent from start to finish, Would happily come back, Friendly staff and spotless rooms, "
    "Great value for the price, Better than expected, An absolute highlight of the trip"
)
REVIEW_BAD = _split(
    "Not worth the money, Noisy and a bit tired, Service was slow, Disappointing overall, "
    "Fine but nothing special, Would not recommend"
)
