"""The version of kg's extraction rules, stored with every article it reads.

A rebuild skips an article only when its text, its publication date and this version are those it was
read with, so better rules reach every article already in the store, not only new ones. Bump VERSION
with any change to kg/extract or kg/data that can change what an article yields.
"""

from __future__ import annotations

VERSION = "3"  # 3: article graphs state the superclasses of their types; wider meeting, incident and actor rules
