using System.Text;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using static PaymentRecords.Api.Dashboard.DashboardParts;
using static PaymentRecords.Api.Dashboard.Html;

namespace PaymentRecords.Api.Dashboard;

/// <summary>
/// One customer: its fields, and its newest invoices, subscriptions (every status, test clock ones included) and
/// payment records. Four reads, whatever the number of each.
/// </summary>
public static class CustomerPage
{
    public const int Limit = 20;

    public static Task<IResult> ShowAsync(HttpContext http, DashboardSession session, ApiReads reads, DashboardReads more) =>
        DetailAsync(http, session, "id", "customer", async (account, id) =>
        {
            var customer = await reads.GetAsync(http, account, "/v1/customers/{customer}", "", new Dictionary<string, string> { ["customer"] = id });
            if (customer["deleted"]?.GetValue<bool>() == true)
                return ("Customer " + id, $"<h1>Customer {Code(id)}</h1><p>This customer was deleted.</p>");
            var escaped = Uri.EscapeDataString(id);
            var invoices = await reads.GetAsync(http, account, "/v1/invoices", $"customer={escaped}&limit={Limit}");
            var subscriptions = await reads.GetAsync(http, account, "/v1/subscriptions", $"customer={escaped}&status=all&limit={Limit}");
            var records = await more.PaymentRecordsAsync(account, $"limit={Limit}", customerId: id);
            return ("Customer " + id, Render(customer, invoices, subscriptions, records));
        });

    private static string Render(JsonObject customer, JsonObject invoices, JsonObject subscriptions, JsonObject records)
    {
        var html = new StringBuilder($"<h1>Customer {Code(Str(customer["id"]))}</h1>");
        html.Append(Section("fields", "Details", KeyValues("customer-fields",
        [
            ("name", Text(Str(customer["name"]) ?? "—")),
            ("email", Text(Str(customer["email"]) ?? "—")),
            ("description", Text(Str(customer["description"]) ?? "—")),
            ("balance", Money(Long(customer["balance"]), Str(customer["currency"]) ?? "usd")),
            ("currency", Text(Str(customer["currency"]) ?? "—")),
            ("delinquent", customer["delinquent"]?.GetValue<bool>() == true ? "true" : "false"),
            ("default_payment_method", Code(Str(customer["invoice_settings"]?["default_payment_method"]) ?? "—")),
            ("test_clock", Code(Str(customer["test_clock"]) ?? "—")),
            ("created", Time(Long(customer["created"]))),
        ])));
        html.Append(Section("invoices", "Invoices", (Rows(invoices).Any() ? InvoiceTable(Rows(invoices)) : Empty("No invoices."))
            + More(invoices, "invoices")));
        html.Append(Section("subscriptions", "Subscriptions", (Rows(subscriptions).Any() ? DashboardApi.Table(
            [new("Subscription", o => LinkOrDash("/dashboard/subscriptions/", Str(o["id"]))), new("Status", o => Text(Str(o["status"]))),
                new("Next renewal", o => SubscriptionPage.NextRenewal(o) is { } at ? Time(at) : "none"),
                new("Latest invoice", o => LinkOrDash("/dashboard/invoices/", Str(o["latest_invoice"]))), new("Created", o => Time(Long(o["created"])))],
            Rows(subscriptions)) : Empty("No subscriptions.")) + More(subscriptions, "subscriptions")));
        html.Append(Section("payment-records", "Payment records", (Rows(records).Any() ? DashboardLists.PaymentRecordTable(Rows(records))
            : Empty("No payment records.")) + More(records, "payment records")));
        return html.ToString();
    }

    private static string More(JsonObject list, string what) =>
        list["has_more"]?.GetValue<bool>() == true ? $"<p>Only the newest {Limit} {what} are shown.</p>" : "";
}
