using System.Net;
using System.Text.Json.Nodes;
using PaymentRecords.Api.Pipeline;
using PaymentRecords.Application;
using PaymentRecords.Application.Customers;
using PaymentRecords.Domain.Common;
using PaymentRecords.IntegrationTests.Infrastructure;
using PaymentRecords.IntegrationTests.Invoices;

namespace PaymentRecords.IntegrationTests.Application;

/// <summary>
/// Customer create, update and delete run on a DbContext alone (no request), with the real event sink: their events
/// (payloads and <c>previous_attributes</c>), their refusals and the billing clock, read back over HTTP.
/// </summary>
[Collection(ServerCollection.Name)]
public class CustomerUseCasesWithoutHttpTests(ServerFixture fixture)
{
    private static readonly DateTimeOffset Then = new(2031, 5, 6, 7, 8, 9, TimeSpan.Zero);

    [Fact]
    public async Task Create_then_update_fire_customer_created_and_customer_updated_with_only_the_old_values_of_changed_keys()
    {
        var (account, kit) = NewAccount();
        var id = await CreateAsync(account, new CustomerFieldsChange(Name: new("Ada"), Email: new("ada@example.com")));
        await RunAsync(account, b => new UpdateCustomer(b).RunAsync(new UpdateCustomerCommand(id, new CustomerFieldsChange(
            Name: new("Ada Lovelace"), Metadata: new MetadataChange(false, [new("plan", "pro")])))));
        // The same values again change nothing: no event.
        await RunAsync(account, b => new UpdateCustomer(b).RunAsync(new UpdateCustomerCommand(id, new CustomerFieldsChange(Name: new("Ada Lovelace")))));

        var events = await kit.EventsAsync();
        Assert.Equal(["customer.created", "customer.updated"], events.Select(e => e["type"]!.GetValue<string>()));
        var created = events[0]["data"]!["object"]!;
        Assert.Equal((id, "Ada", Then.ToUnixTimeSeconds()), (created["id"]!.GetValue<string>(), created["name"]!.GetValue<string>(), created["created"]!.GetValue<long>()));
        Assert.Equal(Then.ToUnixTimeSeconds(), events[0]["created"]!.GetValue<long>());
        Assert.Null(events[0]["request"]!["id"]);
        Assert.Equal("""{"metadata":{"plan":null},"name":"Ada"}""", events[1]["data"]!["previous_attributes"]!.ToJsonString());
        var read = (await kit.Client.GetAsync($"/v1/customers/{id}")).AssertOk().Body;
        Assert.Equal(read.ToJsonString(), events[1]["data"]!["object"]!.ToJsonString());
    }

    [Fact]
    public async Task Delete_fires_customer_deleted_with_the_customer_as_it_was_and_later_writes_find_no_customer()
    {
        var (account, kit) = NewAccount();
        var id = await CreateAsync(account, new CustomerFieldsChange(Name: new("Ada")));
        var before = (await kit.Client.GetAsync($"/v1/customers/{id}")).AssertOk().Body;
        await RunAsync(account, b => new DeleteCustomer(b).RunAsync(new DeleteCustomerCommand(id)));

        var events = await kit.EventsAsync();
        Assert.Equal(["customer.created", "customer.deleted"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal(before.ToJsonString(), events[1]["data"]!["object"]!.ToJsonString());
        Assert.True((await kit.Client.GetAsync($"/v1/customers/{id}")).AssertOk().Body["deleted"]!.GetValue<bool>());
        var again = await Assert.ThrowsAsync<NotFound>(() => RunAsync(account, b => new DeleteCustomer(b).RunAsync(new DeleteCustomerCommand(id))));
        Assert.Equal(("customer", id, "id"), (again.ObjectType, again.Id, again.Param));
        await Assert.ThrowsAsync<NotFound>(() => RunAsync(account, b => new UpdateCustomer(b).RunAsync(new UpdateCustomerCommand(id, new CustomerFieldsChange(Name: new("Bob"))))));
    }

    [Fact]
    public async Task Update_refuses_a_default_payment_method_not_held_or_attached_to_another_customer_and_writes_nothing()
    {
        var (account, kit) = NewAccount();
        var id = await CreateAsync(account, new CustomerFieldsChange(Name: new("Ada")));
        var other = await kit.CustomerAsync(("name", "Bob"));
        var pm = (await kit.Client.PostAsync("/v1/payment_methods", ("type", "custom"), ("custom[type]", "cpmt_1QFxTbLkdIwHu7ix"))).AssertOk().Id;
        (await kit.Client.PostAsync($"/v1/payment_methods/{pm}/attach", ("customer", other))).AssertOk();
        var mark = (await kit.EventsAsync()).Count;

        var notAttached = await Assert.ThrowsAsync<CustomerRefused>(() => RunAsync(account, b => new UpdateCustomer(b).RunAsync(
            new UpdateCustomerCommand(id, new CustomerFieldsChange(Name: new("Ada L"), DefaultPaymentMethodId: pm)))));
        Assert.Equal((CustomerRefusal.PaymentMethodNotAttached, "invoice_settings[default_payment_method]", pm), (notAttached.Reason, notAttached.Param, notAttached.Id));
        var notHeld = await Assert.ThrowsAsync<NotHeld>(() => RunAsync(account, b => new UpdateCustomer(b).RunAsync(
            new UpdateCustomerCommand(id, new CustomerFieldsChange(DefaultPaymentMethodId: "pm_missing")))));
        Assert.Equal(("payment_method", "pm_missing"), (notHeld.ObjectType, notHeld.Id));

        Assert.Empty((await kit.EventsAsync()).Skip(mark));
        Assert.Equal("Ada", (await kit.Client.GetAsync($"/v1/customers/{id}")).AssertOk().Body["name"]!.GetValue<string>());
    }

    private (string Account, InvoiceKit Kit) NewAccount()
    {
        var key = ServerFixture.NewKey();
        return (ApiKeys.AccountIdFor(key), new InvoiceKit(fixture.Client(key)));
    }

    private async Task<string> CreateAsync(string account, CustomerFieldsChange fields) =>
        (await RunAsync(account, b => new CreateCustomer(b).RunAsync(new CreateCustomerCommand(Ids.New(Ids.Customer), fields)))).Id;

    /// <summary>One unit of work with no request (<see cref="UnitOfWorkWithoutRequest"/>) at <see cref="Then"/>.</summary>
    private Task<T> RunAsync<T>(string account, Func<BillingContext, Task<T>> useCase) =>
        UnitOfWorkWithoutRequest.RunAsync(fixture.ConnectionString, account, Then, useCase);
}
