"""The council's search vocabulary, kept by administrators: synonym groups and best bets.
Plain functions taking a session; the caller commits."""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ieg.input_errors import InputError
from ieg.models import Page, SearchBestBet, SearchSynonym
from ieg.search.query import Synonyms, parse, words_of


class VocabularyError(InputError):
    pass


def synonyms(session: Session) -> Synonyms:
    return Synonyms.from_lines(session.scalars(select(SearchSynonym.terms).order_by(SearchSynonym.id)))


def synonym_rows(session: Session) -> list[SearchSynonym]:
    return session.scalars(select(SearchSynonym).order_by(SearchSynonym.terms)).all()


def best_bet_rows(session: Session) -> list[SearchBestBet]:
    return session.scalars(select(SearchBestBet).order_by(SearchBestBet.query, SearchBestBet.id)).all()


def clean_terms(text: str) -> str:
    """"Bin,  refuse ,rubbish" -> "bin, refuse, rubbish"; refuses fewer than two terms."""
    terms = list(dict.fromkeys(" ".join(words_of(part)) for part in text.replace("\n", ",").split(",")))
    terms = [t for t in terms if t]
    if len(terms) < 2:
        raise VocabularyError("Enter at least two words or phrases, separated by commas", "terms")
    if any(len(t) > 60 for t in terms):
        raise VocabularyError("Each word or phrase must be 60 characters or fewer", "terms")
    return ", ".join(terms)


def save_synonym(session: Session, synonym_id: int | None, text: str) -> SearchSynonym:
    terms = clean_terms(text)
    row = session.get(SearchSynonym, synonym_id) if synonym_id else SearchSynonym()
    if row is None:
        raise VocabularyError("That synonym group no longer exists")
    row.terms = terms
    session.add(row)
    session.flush()
    return row


def delete_synonym(session: Session, synonym_id: int) -> None:
    session.execute(delete(SearchSynonym).where(SearchSynonym.id == synonym_id))


def best_bet_keys(session: Session, normalised_query: str) -> tuple[str, ...]:
    if not normalised_query:
        return ()
    ids = session.scalars(select(SearchBestBet.page_id).where(SearchBestBet.query == normalised_query)
                          .order_by(SearchBestBet.id))
    return tuple(f"page:{page_id}" for page_id in ids)


def add_best_bet(session: Session, query_text: str, page: Page | None) -> SearchBestBet:
    query = parse(query_text).text
    if not query:
        raise VocabularyError("Enter the search words to pin a page to", "query")
    if page is None:
        raise VocabularyError("Choose a page", "page")
    if len(query) > 200:
        raise VocabularyError("The search words must be 200 characters or fewer", "query")
    exists = session.scalar(select(SearchBestBet).where(SearchBestBet.query == query,
                                                         SearchBestBet.page_id == page.id))
    if exists:
        raise VocabularyError(f"“{page.title}” is already the best bet for “{query}”", "query")
    bet = SearchBestBet(query=query, page_id=page.id)
    session.add(bet)
    session.flush()
    return bet


def delete_best_bet(session: Session, bet_id: int) -> None:
    session.execute(delete(SearchBestBet).where(SearchBestBet.id == bet_id))
