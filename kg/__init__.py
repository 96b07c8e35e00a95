"""kg: news articles in, an RDF knowledge graph of actors, meetings, agreements and incidents out."""
