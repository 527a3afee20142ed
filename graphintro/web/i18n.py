"""The web app's words in French and English: chosen from the browser's ``Accept-Language``, switched
by ``?lang=fr|en`` (remembered in a cookie). Answers' evidence sentences stay as the library writes
them (English), like the CLI's."""

from __future__ import annotations

LANGUAGES = ("fr", "en")
LANG_COOKIE = "graphintro_lang"

WORDS: dict[str, tuple[str, str]] = {  # key: (fr, en)
    "app": ("graphintro", "graphintro"),
    "tagline": (
        "Qui peut me présenter ? Qui connaît ce sujet ? Que vaut notre réseau ?",
        "Who can introduce me? Who knows this subject? How good is our network?",
    ),
    "search": ("Rechercher", "Search"),
    "search_placeholder": (
        "Une personne ou une entreprise (accents ignorés)",
        "A person or a company (accents ignored)",
    ),
    "people": ("Personnes", "People"),
    "companies": ("Entreprises", "Companies"),
    "nobody": ("Personne ne correspond.", "Nobody matches."),
    "path": ("Chemins", "Paths"),
    "experts": ("Experts", "Experts"),
    "accounts": ("Comptes", "Accounts"),
    "report": ("Rapport", "Report"),
    "import": ("Importer", "Import"),
    "asks": ("Demandes", "Asks"),
    "team": ("l'équipe", "the team"),
    "team_member": ("équipe", "team"),
    "from": ("De", "From"),
    "to": ("Vers", "To"),
    "company": ("Entreprise", "Company"),
    "title_words": ("Titres (VP|Directeur)", "Titles (VP|Director)"),
    "avoid": ("Éviter (noms, un par ligne)", "Avoid (names, one per line)"),
    "max_hops": ("Sauts au plus", "At most hops"),
    "answers": ("Réponses", "Answers"),
    "find_paths": ("Trouver qui peut présenter", "Find who can introduce"),
    "probability": ("probabilité", "probability"),
    "hops": ("sauts", "hops"),
    "introducer": ("Introducteur", "Introducer"),
    "teammate": ("Coéquipier", "Teammate"),
    "weakest_link": ("Maillon faible", "Weakest link"),
    "evidence": ("Preuves", "Evidence"),
    "strength": ("force", "strength"),
    "ask_button": ("Rédiger la demande", "Draft the ask"),
    "ask_title": ("Demande d'introduction", "Introduction request"),
    "to_introducer": ("À envoyer à l'introducteur", "To send to the introducer"),
    "forwardable": ("Note à transférer à la cible", "Note to forward to the target"),
    "copy_text": ("Copier", "Copy"),
    "copied": ("Copié", "Copied"),
    "recorded": ("Demande enregistrée", "Ask recorded"),
    "no_path": ("Aucun chemin.", "No path."),
    "to_create_one": ("Pour en créer un :", "To create one:"),
    "weak_only": (
        "Seulement des réponses faibles ; pour en créer une meilleure :",
        "Only weak answers; to create a better one:",
    ),
    "person": ("Personne", "Person"),
    "known_by": ("Connu·e de l'équipe", "Known by the team"),
    "known_by_none": ("Aucun coéquipier n'a de lien direct.", "No teammate has a direct tie."),
    "more_teammates": ("coéquipiers de plus", "more teammates"),
    "groups": ("Groupes", "Groups"),
    "positions": ("Parcours", "Positions"),
    "changes": ("Changements vus dans les exports", "Changes seen in the exports"),
    "seen_by": ("vu par", "seen by"),
    "paths_here": ("Qui peut me présenter ?", "Who can introduce me?"),
    "topic": ("Sujet", "Topic"),
    "find_experts": ("Trouver les experts", "Find experts"),
    "experts_outside": ("Experts", "Experts"),
    "experts_team": ("Dans votre équipe", "In your team"),
    "connectors": ("Connecteurs du sujet", "The topic's connectors"),
    "hubs": ("Lieux du sujet (groupes)", "The topic's hubs (groups)"),
    "members": ("membres", "members"),
    "reach": ("Comment l'atteindre", "How to reach them"),
    "no_way": ("aucun chemin connu", "no known way"),
    "accounts_prompt": ("Entreprises cibles, une par ligne", "Target companies, one per line"),
    "coverage": ("Couverture", "Coverage"),
    "owners": ("Porteurs", "Owners"),
    "single_threaded": ("Un seul fil", "Single-threaded"),
    "check": ("Voir", "Check"),
    "upload_title": ("Importer un export", "Import an export"),
    "owner": ("Propriétaire (membre de l'équipe)", "Owner (team member)"),
    "owner_url": ("URL du profil du propriétaire (facultatif)", "Owner's profile URL (optional)"),
    "files": ("Fichiers (ZIP, CSV, vCard) : déposez-les ici", "Files (ZIP, CSV, vCard): drop them here"),
    "upload": ("Importer", "Import"),
    "upload_limit": ("au plus", "at most"),
    "job_running": ("Import en cours…", "Importing…"),
    "job_queued": ("En attente…", "Waiting…"),
    "job_done": ("Import terminé", "Import done"),
    "job_failed": ("Import refusé : le stock n'a pas changé", "Import refused: the store is unchanged"),
    "status": ("Statut", "Status"),
    "open": ("ouvertes", "open"),
    "closed": ("closes", "closed"),
    "all": ("toutes", "all"),
    "created": ("créée", "created"),
    "outcome": ("issue", "outcome"),
    "follow_up": ("à relancer", "follow up"),
    "no_asks": ("Aucune demande.", "No asks."),
    "target": ("Cible", "Target"),
    "requester": ("Demandeur", "Requester"),
    "inbox": ("À répondre", "Inbox"),
    "inbox_title": ("Ce que l'équipe laisse sans réponse", "What the team leaves waiting"),
    "waiting_days": ("Depuis plus de (jours)", "Waiting longer than (days)"),
    "kind_message": ("message sans réponse", "unanswered message"),
    "kind_invitation": ("invitation en attente", "pending invitation"),
    "kind_ask": ("demande d'introduction", "ask to introduce"),
    "member": ("Membre", "Member"),
    "contact": ("Contact", "Contact"),
    "since": ("depuis", "since"),
    "days": ("jours", "days"),
    "oldest": ("Les plus anciens", "Oldest"),
    "more_members": ("membres de plus (choisissez un membre)", "more members (choose a member)"),
    "more_items": ("de plus", "more"),
    "nothing_waiting": ("Rien n'attend.", "Nothing is waiting."),
    "stats": ("Contenu du stock", "What the store holds"),
    "error": ("Erreur", "Error"),
    "language": ("English", "Français"),
    "report_live": ("Le rapport de l'équipe, calculé maintenant", "The team's report, computed now"),
    "back": ("Retour à l'application", "Back to the app"),
}


def words(lang: str) -> dict[str, str]:
    """Every key in ``lang`` (fr or en). No key may be a ``dict`` method's name: in a template
    ``t.copy`` would be the method, not the word."""
    index = LANGUAGES.index(lang)
    return {key: pair[index] for key, pair in WORDS.items()}


def choose_language(query: str | None, cookie: str | None, accept: str | None) -> str:
    """``?lang=`` first, then the remembered choice, then the browser's preferences (q-values
    honoured), else English."""
    for candidate in (query, cookie):
        if candidate in LANGUAGES:
            return candidate
    ranked = []
    for position, part in enumerate((accept or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else "en"
