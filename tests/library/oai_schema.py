"""Validating OAI-PMH responses against the official XML schemas, offline.

The schemas are kept under ``tests/library/schemas/`` (see its README.txt); their remote
``schemaLocation`` addresses are mapped to those files by an lxml resolver, and the parser
may not use the network, so a schema that is not there fails loudly instead of downloading.
"""

from functools import cache
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).parent / "schemas"

# Every address the schemas or the responses name, to the local copy.
LOCAL_COPIES = {
    "http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd": "OAI-PMH.xsd",
    "http://www.openarchives.org/OAI/2.0/oai_dc.xsd": "oai_dc.xsd",
    "http://www.openarchives.org/OAI/2.0/oai-identifier.xsd": "oai-identifier.xsd",
    "http://dublincore.org/schemas/xmls/simpledc20021212.xsd": "simpledc20021212.xsd",
    "http://www.w3.org/2001/03/xml.xsd": "xml.xsd",
    "http://www.w3.org/2001/xml.xsd": "xml.xsd",
    "http://www.w3.org/2009/01/xml.xsd": "xml.xsd",
}

# One schema document that brings in the three vocabularies a response may carry.
ALL_OF_OAI_PMH = """<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/"
             schemaLocation="http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai_dc/"
             schemaLocation="http://www.openarchives.org/OAI/2.0/oai_dc.xsd"/>
  <xs:import namespace="http://www.openarchives.org/OAI/2.0/oai-identifier"
             schemaLocation="http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"/>
</xs:schema>
"""


class LocalSchemas(etree.Resolver):
    def resolve(self, url, public_id, context):
        name = LOCAL_COPIES.get(url) or (Path(url).name if url.startswith(str(SCHEMAS)) else None)
        if name is None:
            raise AssertionError(f"The schemas asked for {url}, which is not kept locally.")
        return self.resolve_filename(str(SCHEMAS / name), context)


@cache
def oai_pmh_schema():
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(LocalSchemas())
    document = etree.fromstring(ALL_OF_OAI_PMH.encode(), parser, base_url=str(SCHEMAS / "all.xsd"))
    return etree.XMLSchema(document)


def assert_valid_oai_pmh(content):
    """Fail with the schema's own messages unless ``content`` (bytes) is a valid OAI-PMH response."""
    document = etree.fromstring(content, etree.XMLParser(no_network=True, resolve_entities=False))
    schema = oai_pmh_schema()
    if not schema.validate(document):
        messages = "\n".join(f"line {error.line}: {error.message}" for error in schema.error_log)
        raise AssertionError(f"The response is not valid OAI-PMH:\n{messages}\n{content.decode()[:2000]}")
    return document
