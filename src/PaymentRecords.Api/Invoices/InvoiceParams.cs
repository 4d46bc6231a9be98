using System.Text.Json.Nodes;
using PaymentRecords.Api.Billing;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Rendering;
using PaymentRecords.Api.Wire;
using PaymentRecords.Application;
using PaymentRecords.Application.Invoices;
using PaymentRecords.Domain.Invoices;
using PaymentRecords.Domain.Money;

namespace PaymentRecords.Api.Invoices;

/// <summary>
/// The parameters of invoice create and update: objects this server does not hold (→ 404 on the parameter),
/// features it does not emulate (→ 400), cross-field rules, and applying the rest to the invoice.
/// </summary>
public static class InvoiceParams
{
    /// <summary>
    /// What may change only while the invoice is a draft: its monetary values, collection_method and what
    /// follows from them (Stripe: "Once an invoice is finalized, monetary values, as well as collection_method,
    /// become uneditable"), and its description (refused on a finalized invoice as recorded against Stripe; Stripe's
    /// guide sends a description edit through a revision, <c>from_invoice</c>).
    /// </summary>
    public static readonly IReadOnlyList<string> DraftOnly =
    [
        "account_tax_ids", "application_fee_amount", "automatic_tax", "automatically_finalizes_at", "collection_method",
        "days_until_due", "default_tax_rates", "description", "discounts", "due_date", "effective_at", "issuer", "number",
        "on_behalf_of", "shipping_cost", "transfer_data",
    ];

    public static JsonObject EmptyPaymentSettings() => new()
    {
        ["default_mandate"] = null,
        ["payment_method_options"] = null,
        ["payment_method_types"] = null,
    };

    /// <summary>Parameters naming other objects resolve (<see cref="NotHeldObjects"/>): 404 on the first that does not.</summary>
    public static async Task ResolveReferencesAsync(RequestScope s, StripeParams p)
    {
        var v = p.Values;
        await NotHeldObjects.ResolveEachAsync(s, v, NotHeldObjects.TaxId, "account_tax_ids");
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.Source, "default_source");
        await NotHeldObjects.ResolveEachAsync(s, v, NotHeldObjects.TaxRate, "default_tax_rates");
        await ResolveDiscountsAsync(s, v, "discounts", applied: true);
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.Account, "on_behalf_of");
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.Account, "issuer", "account");
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.Account, "automatic_tax", "liability", "account");
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.Mandate, "payment_settings", "default_mandate");
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.ShippingRate, "shipping_cost", "shipping_rate");
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.Subscription, "subscription");
        await NotHeldObjects.ResolveAsync(s, v, NotHeldObjects.Account, "transfer_data", "destination");
    }

    /// <summary>
    /// <c>discounts[i][coupon|discount|promotion_code]</c>, resolved: an unknown one is Stripe's 404 (promotion codes
    /// are never held). Where discounts are not applied yet (<paramref name="applied"/> false: an invoice item's, a
    /// line's), one that resolves is refused rather than ignored, so nothing is billed without a discount its caller
    /// asked for.
    /// </summary>
    public static async Task ResolveDiscountsAsync(RequestScope s, JsonObject values, string name, bool applied = false)
    {
        if (values[name] is not JsonArray list) return;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not JsonObject d) continue;
            foreach (var (key, kind) in new[] { ("coupon", NotHeldObjects.Coupon), ("discount", NotHeldObjects.Discount), ("promotion_code", NotHeldObjects.PromotionCode) })
            {
                if (d[key] is not JsonValue id || !id.TryGetValue<string>(out var named) || named.Length == 0) continue;
                var param = $"{name}[{i}][{key}]";
                await NotHeldObjects.ResolveIdAsync(s, kind, named, param);
                if (!applied) throw new StripeException(ErrorCatalog.NotSupported(param, DiscountsNotApplied));
            }
        }
    }

    /// <summary>Why a coupon that exists cannot be applied here (the one wording every such refusal of <c>discounts</c> uses).</summary>
    public const string DiscountsNotApplied = "discounts apply to a whole invoice here; this object's own discounts are not applied yet.";

    /// <summary>
    /// <c>discounts</c> as a command carries it: <c>""</c> is an empty list (none), each entry a coupon to apply or an
    /// own discount to keep; absent: null (unchanged).
    /// </summary>
    public static IReadOnlyList<DiscountRequest>? Discounts(StripeParams p, string name = "discounts")
    {
        if (p.IsUnset(name)) return [];
        if (p.Array(name) is not { } list) return null;
        var requests = new List<DiscountRequest>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var entry = new StripeParams(list[i] as JsonObject ?? throw new StripeException(ErrorCatalog.InvalidHash($"{name}[{i}]")));
            var coupon = NonEmpty(entry.String("coupon"));
            var discount = NonEmpty(entry.String("discount"));
            var given = new[] { ("coupon", coupon), ("discount", discount), ("promotion_code", NonEmpty(entry.String("promotion_code"))) }
                .Where(g => g.Item2 is not null).Select(g => $"{name}[{i}][{g.Item1}]").ToList();
            if (given.Count == 0) throw new StripeException(ErrorCatalog.MissingParameter($"{name}[{i}][coupon]"));
            if (given.Count > 1) throw new StripeException(ErrorCatalog.Exclusive([.. given]));
            requests.Add(new DiscountRequest(coupon, discount, given[0]));
        }
        return requests;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// <c>payment_settings[payment_method_options][customer_balance]</c> values the request spec types as free
    /// strings but Stripe accepts only from a list (the invoice schema's enums, and the permitted values its
    /// description lists for <c>bank_transfer[type]</c>).
    /// </summary>
    private static readonly (string[] Path, string[] Allowed)[] CustomerBalanceValues =
    [
        (["bank_transfer", "eu_bank_transfer", "country"], ["BE", "DE", "ES", "FR", "IE", "NL"]),
        (["bank_transfer", "type"], ["eu_bank_transfer", "gb_bank_transfer", "jp_bank_transfer", "mx_bank_transfer", "us_bank_transfer"]),
        (["funding_type"], ["bank_transfer"]),
    ];

    /// <summary>Features not emulated here, refused rather than silently ignored; values outside Stripe's lists.</summary>
    public static void RefuseUnsupported(StripeParams p)
    {
        RefuseCustomerBalanceValues(p);
        if (p.Object("automatic_tax")?["enabled"] is JsonValue enabled && enabled.GetValue<bool>())
            throw new StripeException(InvoiceErrors.StripeTaxInactive("automatic_tax[enabled]"));
        if (p.Has("application_fee_amount")) throw new StripeException(InvoiceErrors.ApplicationFeeNotAllowed());
        if (p.Object("shipping_cost")?["shipping_rate_data"] is not null)
            throw new StripeException(ErrorCatalog.NotSupported("shipping_cost[shipping_rate_data]", "shipping rates are not emulated, so an invoice carries no shipping cost."));
        if (p.Object("issuer") is { } issuer && issuer["type"]?.GetValue<string>() == "account" && issuer["account"] is null)
            throw new StripeException(ErrorCatalog.MissingParameter("issuer[account]"));
    }

    /// <summary>400 <c>invalid_enum</c> (with the allowed values) for a customer_balance option Stripe would not store.</summary>
    private static void RefuseCustomerBalanceValues(StripeParams p)
    {
        if (p.Object("payment_settings")?["payment_method_options"]?["customer_balance"] is not JsonObject options) return;
        foreach (var (path, allowed) in CustomerBalanceValues)
        {
            JsonNode? node = options;
            foreach (var segment in path) node = node is JsonObject o ? o[segment] : null;
            if (node is JsonValue v && v.TryGetValue<string>(out var value) && value.Length > 0 && !allowed.Contains(value, StringComparer.Ordinal))
            {
                var name = "payment_settings[payment_method_options][customer_balance]" + string.Concat(path.Select(s => $"[{s}]"));
                throw new StripeException(ErrorCatalog.InvalidEnum(name, allowed));
            }
        }
    }

    /// <summary>An invoice's currency as given ("USD" → "usd"), or 400 when Stripe does not support it.</summary>
    public static string? Currency(StripeParams p, string param = "currency")
    {
        if (p.String(param) is not { } given) return null;
        return BillingParams.SupportedCurrency(given, param);
    }

    /// <summary>
    /// Everything create and update share, as a change (<see cref="InvoiceFields.Apply"/> applies it): call after the
    /// refusals. Refuses here what needs no invoice: <c>due_date</c> with <c>days_until_due</c>, a negative
    /// <c>days_until_due</c>. The display attributes are edits in the response's shape, in the order they are given here.
    /// </summary>
    public static InvoiceFieldsChange DecodeFields(StripeParams p)
    {
        if (p.Has("due_date") && p.Has("days_until_due")) throw new StripeException(ErrorCatalog.Exclusive("days_until_due", "due_date"));
        var days = p.Long("days_until_due");
        if (days < 0) throw new StripeException(ErrorCatalog.ValueNegative("days_until_due"));
        var edits = new List<InvoiceAttributeEdit>();
        void Set(string key, Func<JsonNode?> value) => edits.Add(new InvoiceAttributeEdit(key, _ => value()));
        if (p.Has("default_payment_method")) Set(InvoiceFields.DefaultPaymentMethodKey, () => DefaultPaymentMethod(p));
        if (p.Has("footer")) Set("footer", () => p.String("footer"));
        if (p.Has("statement_descriptor")) Set("statement_descriptor", () => p.String("statement_descriptor"));
        if (p.Has("custom_fields")) Set("custom_fields", () => p.IsUnset("custom_fields") ? null : CustomFields(p.Array("custom_fields")!));
        if (p.Has("shipping_details")) Set("shipping_details", () => p.IsUnset("shipping_details") ? null : Shapes.Shipping(p.Values["shipping_details"]));
        if (p.Object("rendering") is { } rendering) edits.Add(new InvoiceAttributeEdit("rendering", current => Rendering(current as JsonObject, rendering)));
        if (p.Object("payment_settings") is { } settings) edits.Add(new InvoiceAttributeEdit("payment_settings", current => PaymentSettings(current as JsonObject, settings)));
        return new InvoiceFieldsChange(
            CollectionMethod: p.String("collection_method"),
            DueDateGiven: p.Has("due_date"),
            DueDate: p.Long("due_date"),
            DaysUntilDueGiven: p.Has("days_until_due"),
            DaysUntilDue: days,
            AutoAdvance: p.Bool("auto_advance"),
            AutomaticallyFinalizesAt: p.Has("automatically_finalizes_at") ? new FieldChange<long?>(p.Long("automatically_finalizes_at")) : null,
            Description: p.Has("description") ? new FieldChange<string>(p.String("description")) : null,
            EffectiveAt: p.Has("effective_at") ? new FieldChange<long?>(p.Long("effective_at")) : null,
            Number: p.Has("number") ? new FieldChange<string>(p.IsUnset("number") ? null : p.String("number")) : null,
            DefaultPaymentMethodId: DefaultPaymentMethod(p),
            Attributes: edits,
            Metadata: BillingParams.Metadata(p),
            Discounts: Discounts(p));
    }

    /// <summary><c>default_payment_method</c> as given (a <c>pm_</c> id; the spec allows no <c>""</c> to unset it).</summary>
    public static string? DefaultPaymentMethod(StripeParams p) =>
        p.Values["default_payment_method"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 ? id : null;

    /// <summary>The first draft-only parameter present, if any.</summary>
    public static string? FirstDraftOnly(StripeParams p) => DraftOnly.FirstOrDefault(p.Has);

    private static JsonArray CustomFields(JsonArray given) =>
        new(given.OfType<JsonObject>().Select(f => (JsonNode?)new JsonObject { ["name"] = f["name"]?.DeepClone(), ["value"] = f["value"]?.DeepClone() }).ToArray());

    private static JsonObject Rendering(JsonObject? current, JsonObject given)
    {
        var r = current?.DeepClone().AsObject() ?? new JsonObject
        {
            ["amount_tax_display"] = null,
            ["pdf"] = null,
            ["template"] = null,
            ["template_version"] = null,
        };
        if (given.ContainsKey("amount_tax_display")) r["amount_tax_display"] = Shapes.NullIfEmpty(given["amount_tax_display"]);
        if (given["pdf"] is JsonObject pdf) r["pdf"] = new JsonObject { ["page_size"] = pdf["page_size"]?.DeepClone() };
        if (given.ContainsKey("template")) r["template"] = given["template"]?.DeepClone();
        if (given.ContainsKey("template_version")) r["template_version"] = Shapes.NullIfEmpty(given["template_version"]);
        return r;
    }

    /// <summary>payment_settings: given keys replace the stored ones; "" unsets.</summary>
    private static JsonObject PaymentSettings(JsonObject? current, JsonObject given)
    {
        var settings = current?.DeepClone().AsObject() ?? EmptyPaymentSettings();
        if (given.ContainsKey("default_mandate")) settings["default_mandate"] = null;
        if (given["payment_method_options"] is JsonObject options)
        {
            var merged = settings["payment_method_options"] as JsonObject ?? new JsonObject
            {
                ["acss_debit"] = null,
                ["bancontact"] = null,
                ["card"] = null,
                ["customer_balance"] = null,
                ["konbini"] = null,
                ["sepa_debit"] = null,
                ["us_bank_account"] = null,
            };
            foreach (var (key, value) in options)
                merged[key] = value is JsonValue ? null : PaymentMethodOption(key, value!.AsObject());
            settings["payment_method_options"] = merged;
        }
        if (given.ContainsKey("payment_method_types"))
            settings["payment_method_types"] = given["payment_method_types"] is JsonArray types ? types.DeepClone() : null;
        return settings;
    }

    /// <summary>One payment method's options in the response's shape (defaults where Stripe shows them).</summary>
    private static JsonObject PaymentMethodOption(string type, JsonObject g) => type switch
    {
        "acss_debit" => new JsonObject
        {
            ["mandate_options"] = new JsonObject { ["transaction_type"] = g["mandate_options"]?["transaction_type"]?.DeepClone() },
            ["verification_method"] = g["verification_method"]?.DeepClone() ?? "automatic",
        },
        "bancontact" => new JsonObject { ["preferred_language"] = g["preferred_language"]?.DeepClone() ?? "en" },
        "card" => new JsonObject
        {
            ["installments"] = new JsonObject { ["enabled"] = g["installments"]?["enabled"]?.DeepClone() ?? false },
            ["request_three_d_secure"] = g["request_three_d_secure"]?.DeepClone() ?? "automatic",
        },
        "customer_balance" => CustomerBalanceOption(g),
        "us_bank_account" => UsBankAccountOption(g),
        _ => new JsonObject(),
    };

    private static JsonObject CustomerBalanceOption(JsonObject g)
    {
        var transfer = new JsonObject();
        if (g["bank_transfer"]?["eu_bank_transfer"] is JsonObject eu) transfer["eu_bank_transfer"] = new JsonObject { ["country"] = eu["country"]?.DeepClone() };
        transfer["type"] = g["bank_transfer"]?["type"]?.DeepClone();
        return new JsonObject { ["bank_transfer"] = transfer, ["funding_type"] = g["funding_type"]?.DeepClone() };
    }

    private static JsonObject UsBankAccountOption(JsonObject g)
    {
        var fc = g["financial_connections"] as JsonObject;
        var connections = new JsonObject();
        if (fc?["filters"] is JsonObject filters) connections["filters"] = filters.DeepClone();
        connections["permissions"] = fc?["permissions"]?.DeepClone() ?? new JsonArray("payment_method");
        connections["prefetch"] = fc?["prefetch"]?.DeepClone();
        return new JsonObject
        {
            ["financial_connections"] = connections,
            ["verification_method"] = g["verification_method"]?.DeepClone() ?? "automatic",
        };
    }
}
