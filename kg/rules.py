"""The version of kg's extraction rules, stored with every article it reads.

A rebuild skips an article only when its text, its publication date and this version are those it was
read with, so better rules reach every article already in the store, not only new ones. Bump VERSION
with any change to kg/extract or kg/data that can change what an article yields.
"""

from __future__ import annotations

# 6: names told only as where, sides named after the meeting, labour strikes; 5: groups named before their members,
# names parsed as adverbs; 4: receptions, places the text calls places
VERSION = "7"
