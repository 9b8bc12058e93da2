// GradienceTransformer — turns semantic edits (`SemanticEdit`: rename this key, set this
// value, append these entries, remove this entry) into byte replacements (`TextEdit`) that
// keep the file's own style: JSON or YAML, flow or block, indentation, quoting, comments,
// line endings. It never re-serializes a document. Depends on GradienceSyntax only.
