using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire;
using PaymentRecords.Persistence.Stores;
using PaymentRecords.Domain.Common;
using PaymentRecords.Domain.Customers;

namespace PaymentRecords.Api.Customers;

/// <summary>
/// The customer fields Stripe sends only when expanded: <c>tax_ids</c> (the tax ids given as <c>tax_id_data</c> at
/// create, as <c>tax_id</c> objects), <c>sources</c> and <c>subscriptions</c> (always empty: neither is held here),
/// and <c>cash_balance</c> (null: cash balances are not emulated).
/// </summary>
public static class CustomerIncludables
{
    /// <summary>The includables of <c>customer</c> and the type of their items (null: a single value).</summary>
    public static readonly IReadOnlyDictionary<string, string?> Fields = new Dictionary<string, string?>
    {
        ["cash_balance"] = null,
        ["sources"] = "payment_source",
        ["subscriptions"] = "subscription",
        ["tax_ids"] = "tax_id",
    };

    /// <summary>The spec's x-expandablePaths of <c>tax_id</c>; accounts and applications are not held.</summary>
    public static readonly ObjectExpansions TaxIdExpansions = new("tax_id", new Dictionary<string, string?>
    {
        ["customer"] = "customer",
        ["owner.account"] = null,
        ["owner.application"] = null,
        ["owner.customer"] = "customer",
    });

    /// <summary>Where a customer's tax ids are kept in <see cref="Customer.Attributes"/>: <c>[{id, type, value, created}]</c>.</summary>
    public const string TaxIdsKey = "tax_ids";

    /// <summary>Rows written before tax ids had ids kept the raw <c>tax_id_data</c> parameter here.</summary>
    private const string LegacyTaxIdDataKey = "tax_id_data";

    public static ExpansionRegistry AddCustomerIncludables(this ExpansionRegistry registry) => registry
        .Add(TaxIdExpansions)
        .AddIncludable("customer", "tax_ids", TaxIdsAsync)
        .AddIncludable("customer", "sources", (_, owner) => Task.FromResult<JsonNode?>(EmptyList($"/v1/customers/{Id(owner)}/sources")))
        .AddIncludable("customer", "cash_balance", (_, _) => Task.FromResult<JsonNode?>(null));

    /// <summary>The tax ids of a new customer from its <c>tax_id_data</c> parameter, each with its <c>txi_</c> id.</summary>
    public static JsonArray NewTaxIds(JsonNode? taxIdData, long created)
    {
        var ids = new JsonArray();
        foreach (var entry in Entries(taxIdData))
        {
            ids.Add(new JsonObject
            {
                ["id"] = Ids.New(Ids.TaxId),
                ["type"] = entry["type"]?.DeepClone(),
                ["value"] = entry["value"]?.DeepClone(),
                ["created"] = created,
            });
        }
        return ids;
    }

    /// <summary>The stored tax ids of a customer (<c>{id, type, value, created}</c> each), oldest first.</summary>
    public static IReadOnlyList<JsonObject> StoredTaxIds(Customer c)
    {
        if (c.Attributes[TaxIdsKey] is JsonArray stored) return stored.OfType<JsonObject>().ToList();
        // Legacy rows: the ids are derived from the customer id, so they stay the same on every read.
        return Entries(c.Attributes[LegacyTaxIdDataKey]).Select((entry, i) => new JsonObject
        {
            ["id"] = LegacyTaxId(c.Id, i),
            ["type"] = entry["type"]?.DeepClone(),
            ["value"] = entry["value"]?.DeepClone(),
            ["created"] = c.Created,
        }).ToList();
    }

    /// <summary>A stored tax id as Stripe's <c>tax_id</c> object, owned by customer <paramref name="customerId"/>.</summary>
    public static JsonObject RenderTaxId(JsonObject stored, string customerId)
    {
        var type = stored["type"]?.GetValue<string>() ?? "unknown";
        var value = stored["value"]?.GetValue<string>() ?? "";
        return new JsonObject
        {
            ["id"] = stored["id"]?.DeepClone(),
            ["object"] = "tax_id",
            ["country"] = Country(type, value),
            ["created"] = stored["created"]?.DeepClone(),
            ["customer"] = customerId,
            ["livemode"] = false,
            ["owner"] = new JsonObject { ["customer"] = customerId, ["type"] = "customer" },
            ["type"] = type,
            ["value"] = value,
            // Nothing is verified here (Stripe's verification is asynchronous and external).
            ["verification"] = null,
        };
    }

    /// <summary>
    /// The country of a tax id: the type's country prefix (<c>us_ein</c> → US), for <c>eu_vat</c> the VAT number's
    /// (<c>DE123456789</c> → DE, Greece's <c>EL</c> → GR, Northern Ireland's <c>XI</c> → GB); none for
    /// <c>eu_oss_vat</c> and <c>unknown</c>.
    /// </summary>
    public static string? Country(string type, string value)
    {
        if (type is "unknown" or "eu_oss_vat") return null;
        if (type == "eu_vat")
        {
            if (value.Length < 2 || !char.IsAsciiLetter(value[0]) || !char.IsAsciiLetter(value[1])) return null;
            return value[..2].ToUpperInvariant() switch { "EL" => "GR", "XI" => "GB", var prefix => prefix };
        }
        var underscore = type.IndexOf('_');
        return underscore == 2 ? type[..2].ToUpperInvariant() : null;
    }

    /// <summary><c>customer.tax_ids</c>: every tax id of the customer (a customer holds few), oldest first.</summary>
    private static async Task<JsonNode?> TaxIdsAsync(RequestScope s, JsonObject owner)
    {
        var id = Id(owner);
        // The customer this request created or changed is tracked (and maybe not saved yet): read that one.
        var customer = await new EfCustomerReads(s.Db, s.AccountId).FindCurrentAsync(id);
        var data = customer is null ? [] : StoredTaxIds(customer).Select(t => RenderTaxId(t, id));
        return Pagination.Envelope(data, false, $"/v1/customers/{id}/tax_ids");
    }

    private static JsonObject EmptyList(string url) => Pagination.Envelope([], false, url);

    private static string Id(JsonObject owner) => owner["id"]!.GetValue<string>();

    private static IEnumerable<JsonObject> Entries(JsonNode? taxIdData) => taxIdData switch
    {
        JsonArray list => list.OfType<JsonObject>(),
        // Coerced arrays are arrays; an object keyed "0", "1"… is the same list written with indexes.
        JsonObject indexed => indexed.Select(kv => kv.Value).OfType<JsonObject>(),
        _ => [],
    };

    private static string LegacyTaxId(string customerId, int index)
    {
        const string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{customerId}/{index}"));
        var chars = new char[Ids.RandomLength];
        for (var i = 0; i < chars.Length; i++) chars[i] = alphabet[hash[i] % alphabet.Length];
        return Ids.TaxId + new string(chars);
    }
}
