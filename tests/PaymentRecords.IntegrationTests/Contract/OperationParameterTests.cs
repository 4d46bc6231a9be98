using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Api.Wire.Spec;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.PaymentRecords;
using Xunit.Abstractions;

namespace PaymentRecords.IntegrationTests.Contract;

/// <summary>
/// Walks every implemented operation: each parameter the spec declares, down to every leaf of nested objects and
/// arrays, is accepted (whatever else the request may then be refused for, it is never <c>parameter_unknown</c> nor a
/// 500), and an undeclared one is refused.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class OperationParameterTests(ServerFixture fixture, ITestOutputHelper output)
{
    private IReadOnlyList<StripeRoute> Routes() =>
        fixture.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<StripeRoute>()).OfType<StripeRoute>().ToList();

    /// <summary>Each route is the spec's operation, or one of the few hand-declared ones the invoicing subset leaves out.</summary>
    [Fact]
    public void Every_mapped_route_is_a_spec_operation()
    {
        // Hand-written operations cover routes the spec file lacks (payment attempt records).
        foreach (var route in Routes())
            Assert.Same(global::PaymentRecords.Api.WebhookEndpoints.WebhookEndpointsApi.Override(route.Method, route.Pattern)
                ?? StripeOperations.Find(route.Method, route.Pattern)
                ?? SupplementaryOperations.Find(route.Method, route.Pattern), route.Operation);
    }

    /// <summary>
    /// One request per leaf of every parameter's tree (<c>payment_settings[payment_method_options][card][request_three_d_secure]</c>,
    /// <c>lines[0][price_data][tax_behavior]</c>, each range bound, each map), per enum value and both booleans, and once
    /// more with <c>""</c>; with the required siblings at every level, the operation's other required parameters and a
    /// valid skeleton filled in, against real objects (a fresh set per route, and per request for one-shot transitions).
    /// Whatever else a request is refused for, it is never <c>parameter_unknown</c> and never a 500; what it accepts
    /// answers an object that matches Stripe's schema. Routes run in parallel, each under its own key (~1,900 requests,
    /// 10–12 s here).
    /// </summary>
    [Fact]
    public async Task Every_spec_parameter_leaf_is_accepted_and_an_unknown_one_is_refused()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var requests = 0;
        await Parallel.ForEachAsync(Routes(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (route, _) =>
        {
            var client = fixture.Client();
            var setup = WalkSetup.For(route);
            var world = (await ParamWalkWorld.CreateAsync(client)).ForRoute(route);
            foreach (var parameter in route.Operation.Parameters)
            {
                var count = SampleParams.Leaves(parameter, parameter.Name, world).Count();
                for (var i = 0; i < count; i++)
                {
                    // A transition happens once: each of its requests gets objects of its own, still in the state it starts from.
                    if (setup.OneShot) world = (await ParamWalkWorld.CreateAsync(client)).ForRoute(route);
                    var leaf = SampleParams.Leaves(parameter, parameter.Name, world).ElementAt(i);
                    var pairs = setup.Complete([.. leaf, .. SampleParams.RequiredSiblings(route.Operation, parameter.Name, world)], world);
                    var response = await Send(client, route.Method, world.Path(route.Pattern), pairs);
                    Interlocked.Increment(ref requests);
                    var shown = string.Join("&", leaf.Select(p => $"{p.Item1}={p.Item2}"));
                    if ((int)response.Status >= 500) failures.Add($"500 {route.Method} {route.Pattern} {shown}: {response.Raw}");
                    if (response.ErrorCode == "parameter_unknown") failures.Add($"{route.Method} {route.Pattern} {shown}: {response.ErrorMessage}");
                    if (response.Status == HttpStatusCode.OK)
                        foreach (var violation in SchemaViolations(response.Body)) failures.Add($"schema {route.Method} {route.Pattern} {shown}: {violation}");
                }
            }
            if (route.Method == "DELETE") return;
            var unknown = await Send(client, route.Method, world.Path(route.Pattern), [("not_a_stripe_param", "1")]);
            if (unknown.Status != HttpStatusCode.BadRequest || unknown.ErrorCode != "parameter_unknown" || unknown.ErrorParam != "not_a_stripe_param")
                failures.Add($"{route.Method} {route.Pattern}: unknown param answered {(int)unknown.Status} {unknown.Raw}");
        });
        output.WriteLine($"{requests} leaf requests over {Routes().Count} routes in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.IsEmpty, string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }

    /// <summary>The walk reaches deep leaves, with their required siblings (a guard against the walk itself going shallow).</summary>
    [Fact]
    public void The_walk_reaches_deep_leaves_with_their_required_siblings()
    {
        var world = ParamWalkWorld.Placeholder;
        var leaves = StripeOperations.PostInvoices.Parameters
            .SelectMany(p => SampleParams.Leaves(p, p.Name, world)).Select(l => l.ToDictionary(p => p.Item1, p => p.Item2)).ToList();
        Assert.Contains(leaves, l => l.ContainsKey("payment_settings[payment_method_options][card][request_three_d_secure]"));
        Assert.Contains(leaves, l => l.ContainsKey("payment_settings[payment_method_options][card][installments][enabled]"));
        Assert.Contains(leaves, l => l.ContainsKey("custom_fields[0][value]") && l.ContainsKey("custom_fields[0][name]"));
        Assert.Contains(leaves, l => l.ContainsKey("metadata[key]"));
        Assert.Contains(leaves, l => l.TryGetValue("metadata", out var v) && v == "");
        var addLines = StripeOperations.PostInvoicesInvoiceAddLines.Parameters
            .SelectMany(p => SampleParams.Leaves(p, p.Name, world)).Select(l => l.ToDictionary(p => p.Item1, p => p.Item2)).ToList();
        // price_data's required currency comes with each of its leaves.
        var taxBehavior = addLines.Where(l => l.ContainsKey("lines[0][price_data][tax_behavior]")).ToList();
        // "", then each of exclusive, inclusive, unspecified.
        Assert.Equal(["", "exclusive", "inclusive", "unspecified"], taxBehavior.Select(l => l["lines[0][price_data][tax_behavior]"]));
        Assert.All(taxBehavior, l => Assert.Equal("usd", l["lines[0][price_data][currency]"]));
        var listCreated = StripeOperations.GetInvoices.Parameters
            .SelectMany(p => SampleParams.Leaves(p, p.Name, world)).SelectMany(l => l.Select(p => p.Item1)).ToHashSet();
        Assert.Superset(new HashSet<string> { "created", "created[gt]", "created[gte]", "created[lt]", "created[lte]" }, listCreated);
    }

    /// <summary>
    /// What an accepted request answered, checked against Stripe's schema: a value the request spec lets through as a
    /// free string but the object's schema restricts must not be echoed back.
    /// </summary>
    private static IEnumerable<string> SchemaViolations(JsonObject body)
    {
        var items = body["object"]?.GetValue<string>() == "list" ? body["data"]!.AsArray().Select(x => x!.AsObject()) : [body];
        foreach (var item in items)
        {
            var type = item["object"]!.GetValue<string>();
            var component = item["deleted"] is not null ? "deleted_" + type : type;
            // payment_attempt_record is not in the invoicing subset of the spec (see SupplementaryOperations).
            if (!StripeSchemaValidator.Shared.HasComponent(component)) continue;
            foreach (var violation in StripeSchemaValidator.Shared.Validate(component, item)) yield return violation;
        }
    }

    private static Task<StripeResponse> Send(StripeTestClient client, string method, string path, List<(string, string)> pairs) =>
        method == "GET" ? client.GetAsync(path, pairs.ToArray())
        : client.SendAsync(new HttpMethod(method), path, pairs.ToArray(), null);
}

/// <summary>
/// The real objects a walk request can name: a customer (with a balance), a draft invoice with a line, an open
/// invoice (balance applied, a credit note), another open invoice paid in part by a guaranteed payment record, a
/// pending invoice item, a pending and a failed payment record, and the ledger entry, event and attempt record
/// those left behind.
/// </summary>
internal sealed record ParamWalkWorld(string Customer, string Draft, string Open, string Billed, string Item, string CreditNote,
    string Record, string InvoicePayment, string Transaction, string Event, string AttemptRecord, string PendingRecord, string FailedRecord)
{
    /// <summary>What an <c>invoice</c> parameter names: the open invoice for credit notes, the draft elsewhere.</summary>
    public string InvoiceParam { get; init; } = Open;

    /// <summary>What a <c>payment_record</c> parameter names: an unattached one for attach_payment, the attached one elsewhere.</summary>
    public string RecordParam { get; init; } = Record;

    /// <summary>What <c>expand[]</c> asks for: a path the route's object can expand (one that reaches far, where there is one).</summary>
    public string ExpandPath { get; init; } = "x";

    private static readonly Dictionary<string, string> Expandable = new(StringComparer.Ordinal)
    {
        ["credit_note"] = "invoice.payments",
        ["credit_note_line_item"] = "discount_amounts.discount",
        ["customer"] = "tax_ids",
        ["customer_balance_transaction"] = "credit_note",
        ["invoice"] = "customer.tax_ids",
        ["invoice_payment"] = "payment.payment_record",
        ["invoiceitem"] = "invoice.customer",
        ["line_item"] = "subscription",
        ["payment_record"] = "payment_method_details.ideal.generated_sepa_debit",
        ["product"] = "default_price.product",
        ["price"] = "product.default_price",
        ["payment_method"] = "customer.tax_ids",
    };

    public ParamWalkWorld ForRoute(StripeRoute route) => this with
    {
        InvoiceParam = route.Pattern.StartsWith("/v1/credit_notes", StringComparison.Ordinal) ? Open : Draft,
        RecordParam = route.Pattern.EndsWith("/attach_payment", StringComparison.Ordinal) ? PendingRecord : Record,
        ExpandPath = Expandable.TryGetValue(route.ResponseObjectType, out var path) ? (route.IsList ? "data." : "") + path : "x",
    };

    /// <summary>For tests of the walk's shape: no objects behind the ids.</summary>
    public static readonly ParamWalkWorld Placeholder = new("cus_x", "in_x", "in_y", "in_z", "ii_x", "cn_x", "pr_x", "inpay_x", "cbtxn_x",
        "evt_x", "par_x", "pr_y", "pr_z");

    public static async Task<ParamWalkWorld> CreateAsync(StripeTestClient c)
    {
        var customer = (await c.PostAsync("/v1/customers", ("balance", "-100"))).AssertOk().Id;
        var draft = (await c.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await c.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", draft), ("amount", "1000"))).AssertOk();
        var open = (await c.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await c.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", open), ("amount", "5000"))).AssertOk();
        (await c.PostAsync($"/v1/invoices/{open}/finalize")).AssertOk();
        var item = (await c.PostAsync("/v1/invoiceitems", ("customer", customer), ("amount", "700"))).AssertOk().Id;
        var creditNote = (await c.PostAsync("/v1/credit_notes", ("invoice", open), ("amount", "100"))).AssertOk().Id;
        var billed = (await c.PostAsync("/v1/invoices", ("customer", customer))).AssertOk().Id;
        (await c.PostAsync("/v1/invoiceitems", ("customer", customer), ("invoice", billed), ("amount", "800"))).AssertOk();
        (await c.PostAsync($"/v1/invoices/{billed}/finalize")).AssertOk();
        var record = (await Reports.ReportAsync(c, Reports.Guaranteed(300, ("customer_details[customer]", customer)))).Body;
        var attached = (await c.PostAsync($"/v1/invoices/{billed}/attach_payment", ("payment_record", Str(record["id"])), ("expand[]", "payments"))).AssertOk();
        var transaction = (await c.GetAsync($"/v1/customers/{customer}/balance_transactions", ("limit", "1"))).AssertOk().Body["data"]![0]!;
        var ev = (await c.GetAsync("/v1/events", ("limit", "1"))).AssertOk().Body["data"]![0]!;
        var pending = (await Reports.ReportAsync(c, Reports.Payment(200, "usd", ("customer_details[customer]", customer)))).Id;
        var failed = (await Reports.ReportAsync(c, Reports.Payment(200, "usd", ("outcome", "failed"), ("failed[failed_at]", "1730000100")))).Id;
        return new(customer, draft, open, billed, item, creditNote, Str(record["id"]), Str(attached.Body["payments"]!["data"]![0]!["id"]),
            Str(transaction["id"]), Str(ev["id"]), Str(record["latest_payment_attempt_record"]), pending, failed);
    }

    /// <summary>The route's path with its ids: actions that need an open invoice get the open one, others the draft.</summary>
    public string Path(string pattern)
    {
        var invoice = pattern.EndsWith("/pay", StringComparison.Ordinal) || pattern.EndsWith("/void", StringComparison.Ordinal)
            || pattern.EndsWith("/mark_uncollectible", StringComparison.Ordinal) || pattern.EndsWith("/send", StringComparison.Ordinal)
            || pattern.EndsWith("/attach_payment", StringComparison.Ordinal) ? Open : Draft;
        var id = pattern.StartsWith("/v1/credit_notes", StringComparison.Ordinal) ? CreditNote
            : pattern.StartsWith("/v1/events", StringComparison.Ordinal) ? Event
            : pattern.EndsWith("/report_payment_attempt", StringComparison.Ordinal) ? FailedRecord
            : pattern.Contains("/report_payment_attempt_", StringComparison.Ordinal) ? PendingRecord
            : pattern.StartsWith("/v1/payment_records", StringComparison.Ordinal) ? Record
            : pattern.StartsWith("/v1/payment_attempt_records", StringComparison.Ordinal) ? AttemptRecord
            : "x_missing";
        return pattern.Replace("{customer}", Customer).Replace("{id}", id).Replace("{invoice}", invoice).Replace("{invoiceitem}", Item)
            .Replace("{credit_note}", CreditNote).Replace("{invoice_payment}", InvoicePayment).Replace("{transaction}", Transaction);
    }

    /// <summary>A real id for a string parameter that names one of these objects (by its last segment), else null.</summary>
    public string? IdFor(string name) => name.StartsWith("expand[", StringComparison.Ordinal) ? ExpandPath : LastSegment(name) switch
    {
        "customer" => Customer,
        "invoice" => InvoiceParam,
        "invoice_item" => Item,
        "payment_record" => RecordParam,
        _ => null,
    };

    private static string LastSegment(string name)
    {
        var open = name.LastIndexOf('[');
        return open < 0 ? name : name[(open + 1)..].TrimEnd(']');
    }

    private static string Str(JsonNode? n) => n!.GetValue<string>();
}

/// <summary>
/// What a route's walk requests carry besides the leaf: a valid skeleton (each pair left out when the request already
/// has that key, or touches one of the skeleton's exclusive parameters), and whether the route is a one-shot transition.
/// </summary>
internal sealed record WalkSetup(Func<ParamWalkWorld, (string, string)[]> Skeleton, string[] ExclusiveWith, bool OneShot)
{
    private static readonly WalkSetup None = new(_ => [], [], false);

    public static WalkSetup For(StripeRoute route) => (route.Method, route.Pattern) switch
    {
        ("POST", "/v1/invoices") => new(w => [("customer", w.Customer)], [], false),
        ("POST", "/v1/webhook_endpoints") => new(_ => [("url", "http://127.0.0.1:9/walk"), ("enabled_events[0]", "customer.created")], [], false),
        ("POST", "/v1/invoiceitems") => new(_ => [("amount", "100")], ["amount", "quantity", "unit_amount_decimal", "price_data", "pricing"], false),
        ("POST", "/v1/invoices/{invoice}/add_lines") => new(_ => [("lines[0][amount]", "100")],
            ["lines[0][amount]", "lines[0][quantity]", "lines[0][price_data]", "lines[0][pricing]", "lines[0][invoice_item]"], false),
        ("POST", "/v1/credit_notes") or ("GET", "/v1/credit_notes/preview") or ("GET", "/v1/credit_notes/preview/lines") =>
            new(_ => [("amount", "100")], ["amount", "lines", "refunds", "shipping_cost"], false),
        ("POST", "/v1/payment_records/report_payment") => new(_ => Reports.Payment(), [], false),
        ("POST", "/v1/products") => new(_ => [("name", "Walk")], [], false),
        ("POST", "/v1/prices") => new(_ => [("currency", "usd"), ("unit_amount", "100"), ("product_data[name]", "Walk")],
            ["product", "product_data", "unit_amount", "unit_amount_decimal"], false),
        ("POST", "/v1/payment_methods") => new(_ => [("type", "custom"), ("custom[type]", "cpmt_walk")], ["type", "custom"], false),
        ("POST", "/v1/payment_records/{id}/report_payment_attempt") => new(_ =>
        [
            ("initiated_at", Reports.InitiatedAt), ("payment_method_details[type]", "custom"),
            ("payment_method_details[custom][display_name]", "Wire"),
        ], [], true),
        // 1 each time: the record's 300 last the whole walk.
        ("POST", "/v1/payment_records/{id}/report_refund") => new(_ => Reports.Refund("ref_walk", 1), [], false),
        ("POST", "/v1/invoices/{invoice}/pay") => new(_ => [("paid_out_of_band", "true")], [], true),
        ("POST", "/v1/invoices/{invoice}/attach_payment") => new(w => [("payment_record", w.RecordParam)], ["payment_intent"], true),
        (_, var p) when p.EndsWith("/finalize", StringComparison.Ordinal) || p.EndsWith("/pay", StringComparison.Ordinal)
            || p.EndsWith("/void", StringComparison.Ordinal) || p.EndsWith("/mark_uncollectible", StringComparison.Ordinal)
            || p.EndsWith("/attach_payment", StringComparison.Ordinal) || p.Contains("/report_payment_attempt_", StringComparison.Ordinal)
            || route.Method == "DELETE" => new(_ => [], [], true),
        _ => None,
    };

    public List<(string, string)> Complete(List<(string, string)> pairs, ParamWalkWorld world)
    {
        var keys = pairs.Select(p => p.Item1).ToHashSet(StringComparer.Ordinal);
        bool Touches(string prefix) => keys.Any(k => k == prefix || k.StartsWith(prefix + "[", StringComparison.Ordinal));
        if (ExclusiveWith.Any(Touches)) return pairs;
        return [.. pairs, .. Skeleton(world).Where(p => !Touches(p.Item1))];
    }
}

/// <summary>Plausible form values for a parameter, built from its declared shape.</summary>
internal static class SampleParams
{
    /// <summary>
    /// One request's pairs per leaf of <paramref name="spec"/>'s tree: the leaf's value (each enum value, both
    /// booleans), plus at every object level on the way the required siblings (minimal); arrays are indexed
    /// <c>[0]</c>; a range|integer is tried both ways; a map gets one key. Every node is also sent as <c>""</c>
    /// (an unset where the spec allows it, <c>parameter_invalid_empty</c> or another 400 elsewhere). The order does
    /// not depend on <paramref name="world"/>.
    /// </summary>
    public static IEnumerable<List<(string, string)>> Leaves(ParamSpec spec, string name, ParamWalkWorld world)
    {
        yield return [(name, "")];
        switch (spec.Kind)
        {
            case ParamKind.Object:
                if (spec.AlsoInteger) yield return [(name, "1")];
                var props = spec.Properties ?? [];
                foreach (var prop in props)
                {
                    var siblings = props.Where(p => p.Required && p != prop).SelectMany(p => For(p, $"{name}[{p.Name}]", world)).ToList();
                    foreach (var leaf in Leaves(prop, $"{name}[{prop.Name}]", world)) yield return [.. leaf, .. siblings];
                }
                break;
            case ParamKind.Array:
                foreach (var leaf in Leaves(spec.Items!, $"{name}[0]", world)) yield return leaf;
                break;
            case ParamKind.Map:
                yield return [($"{name}[key]", "value")];
                if (spec.Values?.AllowEmpty == true) yield return [($"{name}[key]", "")];
                break;
            case ParamKind.String when spec.Enum is { Count: > 1 } values:
                foreach (var v in values) yield return [(name, v)];
                break;
            case ParamKind.Boolean:
                yield return [(name, "true")];
                yield return [(name, "false")];
                break;
            default:
                yield return For(spec, name, world).ToList();
                break;
        }
    }

    /// <summary>A minimal valid-looking value: the required properties of objects (or the first), one array item.</summary>
    public static IEnumerable<(string, string)> For(ParamSpec spec, string name, ParamWalkWorld world)
    {
        switch (spec.Kind)
        {
            case ParamKind.Object when spec.AlsoInteger:
                yield return (name, "1");
                break;
            case ParamKind.Object:
                var props = spec.Properties ?? [];
                var chosen = props.Where(p => p.Required).ToList();
                if (chosen.Count == 0 && props.Count > 0) chosen.Add(props[0]);
                if (chosen.Count == 0) { yield return (name, ""); break; }
                foreach (var p in chosen)
                    foreach (var pair in For(p, $"{name}[{p.Name}]", world)) yield return pair;
                break;
            case ParamKind.Array:
                foreach (var pair in For(spec.Items!, $"{name}[0]", world)) yield return pair;
                break;
            case ParamKind.Map:
                yield return ($"{name}[key]", "value");
                break;
            case ParamKind.Integer:
                yield return (name, "1");
                break;
            case ParamKind.Boolean:
                yield return (name, "true");
                break;
            case ParamKind.Number:
                yield return (name, "1.5");
                break;
            default:
                yield return (name, spec.Enum is { Count: > 0 } e ? e[0]
                    : name == "currency" || name.EndsWith("[currency]", StringComparison.Ordinal) ? "usd"
                    : world.IdFor(name) ?? "x");
                break;
        }
    }

    /// <summary>The operation's other required parameters, so the walk reaches past "missing param".</summary>
    public static IEnumerable<(string, string)> RequiredSiblings(OperationSpec op, string except, ParamWalkWorld world) =>
        op.Parameters.Where(p => p.Required && p.Name != except).SelectMany(p => For(p, p.Name, world));
}
