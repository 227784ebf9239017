-- Search finds titles starting with the text (`lower(title) LIKE 'incep%'`) in its cheap first
-- step. text_pattern_ops compares byte-wise whatever the database collation, so the planner can
-- turn a left-anchored LIKE into a range scan of this index.
CREATE INDEX movies_title_prefix_idx ON movies (lower(title) text_pattern_ops) WHERE deleted_at IS NULL;
