using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;

namespace PaymentRecords.Api.Wire;

/// <summary>
/// What each object type lets <c>expand[]</c> reach: dotted paths (from the spec's x-expandablePaths) and the
/// object type each one becomes. A target of null means an object this server does not hold: the path is accepted
/// and the field stays as it is (always null here). Includables are fields sent only when asked for: mostly lists
/// (mapped to the type of their items, which expand[] can reach through <c>field.data.…</c>), a few single values
/// (mapped to null: nothing below them expands, e.g. <c>customer.cash_balance</c>).
/// </summary>
public sealed record ObjectExpansions(
    string ObjectType,
    IReadOnlyDictionary<string, string?> Paths,
    IReadOnlyDictionary<string, string?>? Includables = null);

/// <summary>Loads an object of a type by id for expansion (already rendered, not yet expanded).</summary>
public delegate Task<JsonObject?> ObjectLoader(RequestScope scope, string id);

/// <summary>
/// Builds an includable field (a list such as <c>invoice.payments</c>, or a value, possibly null) for the rendered
/// object that owns it.
/// </summary>
public delegate Task<JsonNode?> IncludableLoader(RequestScope scope, JsonObject owner);

/// <param name="beforeLoad">Run before each loader reads (the API's: flush the request's pending changes,
/// <see cref="RequestScope.FlushBeforeReadAsync"/>); none by default.</param>
public sealed class ExpansionRegistry(Func<RequestScope, Task>? beforeLoad = null)
{
    private readonly Dictionary<string, ObjectExpansions> _types = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ObjectLoader> _loaders = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Type, string Field), IncludableLoader> _includables = new();

    public ExpansionRegistry Add(ObjectExpansions expansions, ObjectLoader? loader = null)
    {
        _types[expansions.ObjectType] = expansions;
        if (loader is not null) _loaders[expansions.ObjectType] = loader;
        return this;
    }

    /// <summary>
    /// The loader registered for <paramref name="objectType"/>, or null when this server does not hold that type.
    /// Registering one is what makes a parameter naming such an object resolve (<see cref="NotHeldObjects"/>).
    /// </summary>
    public ObjectLoader? LoaderOf(string objectType) => _loaders.GetValueOrDefault(objectType);

    /// <summary>
    /// How to build the includable <paramref name="field"/> of <paramref name="objectType"/> when expand[] asks for it
    /// and the rendered object does not carry it yet (wherever the object appears: top level, in a list, expanded).
    /// </summary>
    public ExpansionRegistry AddIncludable(string objectType, string field, IncludableLoader loader)
    {
        _includables[(objectType, field)] = loader;
        return this;
    }

    /// <summary>
    /// Refuses a path the object does not mark expandable, before anything runs. A search result also takes
    /// <c>total_count</c> ("Only present when expand request parameter contains total_count").
    /// </summary>
    public void Validate(string objectType, ExpandTree tree, bool isList, bool isSearch = false)
    {
        if (isList)
        {
            foreach (var (name, child) in tree.Children)
            {
                if (isSearch && name == "total_count" && child.IsEmpty) continue;
                if (name != "data") throw new StripeException(ErrorCatalog.CannotExpandOnList(name));
                Validate(objectType, child, "", "data.");
            }
            return;
        }
        Validate(objectType, tree, "", "");
    }

    private void Validate(string objectType, ExpandTree tree, string prefix, string shownPrefix)
    {
        _types.TryGetValue(objectType, out var type);
        foreach (var (name, child) in tree.Children)
        {
            var full = prefix + name;
            var shown = shownPrefix + full;
            if (type is not null && type.Paths.TryGetValue(full, out var target))
            {
                if (target is null) { if (!child.IsEmpty) throw new StripeException(ErrorCatalog.CannotExpand(shown + "." + child.Paths().First())); }
                else Validate(target, child, "", shown + ".");
            }
            else if (type?.Includables is { } inc && inc.TryGetValue(full, out var itemType))
            {
                if (itemType is null)
                {
                    if (!child.IsEmpty) throw new StripeException(ErrorCatalog.CannotExpand(shown + "." + child.Paths().First()));
                    continue;
                }
                Validate(itemType, child.Child("data") ?? ExpandTree.Empty, "", shown + ".data.");
                if (child.Children.Keys.Any(k => k != "data")) throw new StripeException(ErrorCatalog.CannotExpand(shown + "." + child.Children.Keys.First(k => k != "data")));
            }
            else if (type is not null && type.Paths.Keys.Any(p => p.StartsWith(full + ".", StringComparison.Ordinal)) && !child.IsEmpty)
            {
                Validate(objectType, child, full + ".", shownPrefix);
            }
            else
            {
                throw new StripeException(ErrorCatalog.CannotExpand(shown));
            }
        }
    }

    /// <summary>Replaces ids with objects along the (already validated) tree.</summary>
    public async Task ApplyAsync(RequestScope scope, JsonObject obj, string objectType, ExpandTree tree, string prefix = "")
    {
        if (tree.IsEmpty || !_types.TryGetValue(objectType, out var type)) return;
        // A deleted object's stub ({id, object, deleted}) has nothing to expand or include.
        if (obj["deleted"] is JsonValue deleted && deleted.TryGetValue<bool>(out var isDeleted) && isDeleted) return;
        foreach (var (name, child) in tree.Children)
        {
            var full = prefix + name;
            var value = obj[name];
            if (type.Paths.TryGetValue(full, out var target))
            {
                if (target is null) continue;
                if (value is JsonValue v && v.TryGetValue<string>(out var id) && _loaders.TryGetValue(target, out var load))
                {
                    if (beforeLoad is not null) await beforeLoad(scope);
                    var loaded = await load(scope, id);
                    if (loaded is null) continue;
                    obj[name] = loaded;
                    await ApplyAsync(scope, loaded, target, child);
                }
                else if (value is JsonObject already)
                {
                    await ApplyAsync(scope, already, target, child);
                }
                else if (value is JsonArray ids && _loaders.TryGetValue(target, out var loadEach))
                {
                    // A list of ids (an invoice's discounts): each one expanded in place.
                    for (var i = 0; i < ids.Count; i++)
                    {
                        if (ids[i] is not JsonValue iv || !iv.TryGetValue<string>(out var each)) continue;
                        if (beforeLoad is not null) await beforeLoad(scope);
                        if (await loadEach(scope, each) is not { } loadedEach) continue;
                        ids[i] = loadedEach;
                        await ApplyAsync(scope, loadedEach, target, child);
                    }
                }
            }
            else if (type.Includables is { } inc && inc.TryGetValue(full, out var itemType))
            {
                if (value is not JsonObject && prefix.Length == 0 && _includables.TryGetValue((objectType, name), out var include))
                {
                    value = await include(scope, obj);
                    obj[name] = value;
                }
                if (itemType is not null && value is JsonObject list)
                    await ApplyToListAsync(scope, list, itemType, child.Child("data") ?? ExpandTree.Empty);
            }
            else if (value is JsonObject nested)
            {
                await ApplyAsync(scope, nested, objectType, child, full + ".");
            }
            else if (value is JsonArray array)
            {
                // An embedded list's data (a subscription's items.data): each element along the same path.
                foreach (var element in array)
                    if (element is JsonObject o) await ApplyAsync(scope, o, objectType, child, full + ".");
            }
        }
    }

    public async Task ApplyToListAsync(RequestScope scope, JsonObject list, string itemType, ExpandTree itemTree)
    {
        if (itemTree.IsEmpty || list["data"] is not JsonArray data) return;
        foreach (var item in data)
        {
            if (item is JsonObject o) await ApplyAsync(scope, o, itemType, itemTree);
        }
    }
}
