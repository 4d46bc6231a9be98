using System.Globalization;

namespace PaymentRecords.Bench.Seeding;

/// <summary>
/// The objects of one seed flow made through the API: a customer, a finalized invoice with one invoice item of
/// 10.00 USD, a guaranteed payment record for that customer and, when <see cref="Paid"/>, the record attached to the
/// invoice (which pays it). The seeder clones these rows; the checks compare renderings against them.
/// </summary>
internal sealed record TemplateFlow(bool Paid, string Customer, string Invoice, string InvoiceItem, string PaymentRecord)
{
    public static async Task<TemplateFlow> CreateAsync(StripeHttp api, bool paid, string label)
    {
        var customer = (await api.PostAsync("/v1/customers", ("email", $"{label}-{Guid.NewGuid():N}@example.com")))["id"]!.GetValue<string>();
        var invoice = (await api.PostAsync("/v1/invoices", ("customer", customer)))["id"]!.GetValue<string>();
        var item = (await api.PostAsync("/v1/invoiceitems",
            ("customer", customer), ("invoice", invoice), ("amount", "1000"), ("currency", "usd")))["id"]!.GetValue<string>();
        await api.PostAsync($"/v1/invoices/{invoice}/finalize");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var record = (await api.PostAsync("/v1/payment_records/report_payment",
            ("amount_requested[currency]", "usd"), ("amount_requested[value]", "1000"), ("initiated_at", now),
            ("payment_method_details[type]", "custom"), ("payment_method_details[custom][display_name]", "ACME"),
            ("outcome", "guaranteed"), ("guaranteed[guaranteed_at]", now), ("customer_details[customer]", customer),
            ("processor_details[type]", "custom"), ("processor_details[custom][payment_reference]", Guid.NewGuid().ToString())))["id"]!.GetValue<string>();
        if (paid)
        {
            await api.PostAsync($"/v1/invoices/{invoice}/attach_payment", ("payment_record", record));
        }

        return new TemplateFlow(paid, customer, invoice, item, record);
    }
}
