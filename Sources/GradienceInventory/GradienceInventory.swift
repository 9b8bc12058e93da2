// GradienceInventory — the base model's module names (`Inventory` of `ModuleInfo`) from the
// most exact source at hand: a modules file, a model folder's config.json and safetensors
// index, an adapter's safetensors header, the Hugging Face cache, or the catalog generated
// from transformers' own classes (`Catalog`, `CatalogData`, `KnownModels`), with
// `InventoryLoader` choosing among them. Depends on GradienceSyntax only.
