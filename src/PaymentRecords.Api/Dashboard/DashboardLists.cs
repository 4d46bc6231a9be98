using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>One column of a list: its header and the cell it renders from the API's JSON object.</summary>
public sealed record DashboardColumn(string Header, Func<JsonObject, string> Cell, bool Numeric = false);

/// <summary>
/// A resource the dashboard lists: the API list it pages through, the API retrieve that answers a search by id, and
/// its columns. <paramref name="OwnList"/> pages a resource the API has no list for (payment records) through
/// <see cref="DashboardReads"/>: (request, account, query) → a list envelope.
/// </summary>
public sealed record DashboardList(string Slug, string Title, string ListPattern, string RetrievePattern, string RouteValue,
    IReadOnlyList<DashboardColumn> Columns, Func<HttpContext, string, string, Task<JsonObject>>? OwnList = null);

public static class DashboardLists
{
    private static DashboardColumn Id(string? pagePrefix = null) => new("Id", o =>
        pagePrefix is null ? $"<code>{Text(Str(o["id"]))}</code>" : Link(pagePrefix + Str(o["id"]), Str(o["id"]) ?? ""));

    private static DashboardColumn Field(string header, string name) => new(header, o => Text(Str(o[name])));

    private static DashboardColumn Amount(string header, string name) =>
        new(header, o => Money(Long(o[name]), Str(o["currency"])), Numeric: true);

    private static DashboardColumn When(string header, string name) => new(header, o => Time(Long(o[name])));

    private static DashboardColumn InvoiceLink(string header, string name) =>
        new(header, o => Str(o[name]) is { } id ? Link("/dashboard/invoices/" + id, id) : "—");

    private static DashboardColumn CustomerLink(string header, string name) =>
        new(header, o => Str(o[name]) is { } id ? Link("/dashboard/customers/" + id, id) : "—");

    /// <summary>Payment records as the API renders them: amounts are <c>{currency, value}</c>.</summary>
    private static readonly IReadOnlyList<DashboardColumn> PaymentRecordColumns =
    [
        Id("/dashboard/payment_records/"),
        new("Customer", o => Str(o["customer_details"]?["customer"]) is { } id ? Link("/dashboard/customers/" + id, id) : "—"),
        new("Requested", o => DashboardParts.RecordMoney(o["amount_requested"]), Numeric: true),
        new("Guaranteed", o => DashboardParts.RecordMoney(o["amount_guaranteed"]), Numeric: true),
        new("Failed", o => DashboardParts.RecordMoney(o["amount_failed"]), Numeric: true),
        new("Canceled", o => DashboardParts.RecordMoney(o["amount_canceled"]), Numeric: true),
        new("Refunded", o => DashboardParts.RecordMoney(o["amount_refunded"]), Numeric: true),
        When("Created", "created"),
    ];

    public static string PaymentRecordTable(IEnumerable<JsonObject> rows) => DashboardApi.Table(PaymentRecordColumns, rows);

    public static readonly IReadOnlyList<DashboardList> All =
    [
        new("invoices", "Invoices", "/v1/invoices", "/v1/invoices/{invoice}", "invoice",
            [Id("/dashboard/invoices/"), Field("Customer", "customer"), Field("Status", "status"), Amount("Total", "total"),
                Amount("Amount paid", "amount_paid"), Amount("Amount remaining", "amount_remaining"), When("Created", "created")]),
        new("customers", "Customers", "/v1/customers", "/v1/customers/{customer}", "customer",
            [Id("/dashboard/customers/"), Field("Email", "email"), Field("Name", "name"), When("Created", "created")]),
        new("subscriptions", "Subscriptions", "/v1/subscriptions", "/v1/subscriptions/{subscription_exposed_id}", "subscription_exposed_id",
            [Id("/dashboard/subscriptions/"), CustomerLink("Customer", "customer"), Field("Status", "status"), InvoiceLink("Latest invoice", "latest_invoice"), When("Created", "created")]),
        // Stripe has no list of payment records: the dashboard pages them itself (DashboardReads); a search by id is the API's retrieve.
        new("payment_records", "Payment records", "", "/v1/payment_records/{id}", "id", PaymentRecordColumns,
            (http, account, query) => http.RequestServices.GetRequiredService<DashboardReads>().PaymentRecordsAsync(account, query)),
        new("credit_notes", "Credit notes", "/v1/credit_notes", "/v1/credit_notes/{id}", "id",
            [Id("/dashboard/credit_notes/"), InvoiceLink("Invoice", "invoice"), Field("Number", "number"), Field("Status", "status"), Amount("Total", "total"),
                When("Created", "created")]),
        new("events", "Events", "/v1/events", "/v1/events/{id}", "id",
            [Id("/dashboard/events/"), Field("Type", "type"), new("Object", o => Text(Str(o["data"]?["object"]?["id"]))), When("Created", "created")]),
        new("webhook_endpoints", "Webhook endpoints", "/v1/webhook_endpoints", "/v1/webhook_endpoints/{webhook_endpoint}", "webhook_endpoint",
            [Id("/dashboard/webhook_endpoints/"), Field("URL", "url"), Field("Status", "status"), When("Created", "created")]),
        new("test_clocks", "Test clocks", "/v1/test_helpers/test_clocks", "/v1/test_helpers/test_clocks/{test_clock}", "test_clock",
            [Id("/dashboard/test_clocks/"), Field("Name", "name"), Field("Status", "status"), When("Frozen time", "frozen_time"), When("Created", "created")]),
    ];

    public static DashboardList? Find(string slug) => All.FirstOrDefault(l => l.Slug == slug);
}
