using PaymentRecords.IntegrationTests.Infrastructure;
using Stripe;

namespace PaymentRecords.IntegrationTests.Sdk;

/// <summary>The bulk line edits and a line's own update through the official Stripe.net client.</summary>
[Collection(ServerCollection.Name)]
public sealed class StripeNetInvoiceLineEditTests(ServerFixture fixture)
{
    private StripeClient NewClient() =>
        new(ServerFixture.NewKey(), apiBase: fixture.Server.BaseAddress.ToString().TrimEnd('/'));

    [Fact]
    public async Task Update_remove_and_a_lines_own_update_through_stripe_net()
    {
        var client = NewClient();
        var customer = await client.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = "sdk-lines@example.com" });
        var draft = await client.V1.Invoices.CreateAsync(new InvoiceCreateOptions { Customer = customer.Id });
        draft = await client.V1.Invoices.AddLinesAsync(draft.Id, new InvoiceAddLinesOptions
        {
            Lines =
            [
                new InvoiceLineOptions { Amount = 1000, Description = "Setup" },
                new InvoiceLineOptions { Amount = 250, Description = "Extra" },
                new InvoiceLineOptions { Amount = 40, Description = "Spare" },
            ],
        });
        var (setup, extra, spare) = (draft.Lines.Data[0], draft.Lines.Data[1], draft.Lines.Data[2]);

        var updated = await client.V1.Invoices.UpdateLinesAsync(draft.Id, new InvoiceUpdateLinesOptions
        {
            Lines =
            [
                new InvoiceLineOptions { Id = setup.Id, Description = "Setup (discounted)", Amount = 800 },
                new InvoiceLineOptions { Id = extra.Id, Quantity = 3 },
            ],
            InvoiceMetadata = new Dictionary<string, string> { ["is_processed"] = "true" },
        });
        Assert.Equal(800 + 750 + 40, updated.Total);
        Assert.Equal("Setup (discounted)", updated.Lines.Data[0].Description);
        Assert.Equal(3, updated.Lines.Data[1].Quantity);
        Assert.Equal("true", updated.Metadata["is_processed"]);

        var line = await client.V1.Invoices.LineItems.UpdateAsync(draft.Id, spare.Id, new InvoiceLineItemUpdateOptions
        {
            Amount = 60,
            Metadata = new Dictionary<string, string> { ["note"] = "own path" },
        });
        Assert.Equal((spare.Id, 60L, "own path"), (line.Id, line.Amount, line.Metadata["note"]));

        var removed = await client.V1.Invoices.RemoveLinesAsync(draft.Id, new InvoiceRemoveLinesOptions
        {
            Lines =
            [
                new InvoiceLineOptions { Id = setup.Id, Behavior = "delete" },
                new InvoiceLineOptions { Id = spare.Id, Behavior = "unassign" },
            ],
        });
        Assert.Equal([extra.Id], removed.Lines.Data.Select(l => l.Id));
        Assert.Equal(750, removed.Total);
        var pending = await client.V1.InvoiceItems.GetAsync(spare.Parent.InvoiceItemDetails.InvoiceItem);
        Assert.Null(pending.Invoice);
        Assert.Equal(60, pending.Amount);

        var error = await Assert.ThrowsAsync<StripeException>(() => client.V1.Invoices.UpdateLinesAsync(draft.Id, new InvoiceUpdateLinesOptions
        {
            Lines = [new InvoiceLineOptions { Id = setup.Id, Amount = 1 }],
        }));
        Assert.Equal(("invalid_request_error", "resource_missing", "lines[0][id]"), (error.StripeError.Type, error.StripeError.Code, error.StripeError.Param));
    }
}
