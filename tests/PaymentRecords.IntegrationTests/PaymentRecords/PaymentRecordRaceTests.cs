using System.Net;
using PaymentRecords.IntegrationTests.Infrastructure;
using static PaymentRecords.IntegrationTests.PaymentRecords.Reports;

namespace PaymentRecords.IntegrationTests.PaymentRecords;

/// <summary>
/// Requests racing on one record, started together from a barrier, some rounds split across two server instances
/// on the same database. The record row lock (<c>SELECT … FOR UPDATE</c>) must make exactly the right number win.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class PaymentRecordRaceTests(ServerFixture fixture)
{
    private const int Rounds = 24;
    private readonly StripeTestClient _client = fixture.Client();

    /// <summary>The client for contender <paramref name="i"/> of <paramref name="round"/>: odd rounds spread over both servers.</summary>
    private async Task<StripeTestClient> ClientFor(int round, int i) =>
        round % 2 == 1 && i % 2 == 1 ? _client.WithBase((await fixture.SecondServerAsync()).BaseAddress) : _client;

    [Fact]
    public async Task Two_attempt_outcomes_racing_never_both_apply()
    {
        string[] outcomes = ["guaranteed", "failed", "canceled"];
        for (var round = 0; round < Rounds; round++)
        {
            var id = (await ReportAsync(_client, Payment(1000))).Id;
            var clients = await Task.WhenAll(outcomes.Select((_, i) => ClientFor(round, i)));
            var responses = await Race.AllAtOnceAsync(outcomes.Select<string, Func<Task<StripeResponse>>>((o, i) => () => OutcomeAsync(clients[i], id, o)).ToArray());

            var winners = responses.Select((r, i) => (r, outcome: outcomes[i])).Where(x => x.r.Status == HttpStatusCode.OK).ToList();
            Assert.True(winners.Count == 1, $"round {round}: {winners.Count} winners: {string.Join(" | ", responses.Select(r => r.Raw))}");
            Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest));
            var record = (await _client.GetAsync($"/v1/payment_records/{id}")).AssertOk().Body;
            var won = winners[0].outcome;
            AssertAmounts(record, 1000, won == "guaranteed" ? 1000 : 0, won == "canceled" ? 1000 : 0, won == "failed" ? 1000 : 0,
                won == "guaranteed" ? 1000 : 0, 0, 1000);
        }
    }

    [Fact]
    public async Task Two_new_attempts_racing_never_both_start()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var id = (await ReportAsync(_client, Payment(1000, "usd", ("outcome", "failed"), ("failed[failed_at]", "1730000100")))).Id;
            var clients = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => ClientFor(round, i)));
            var responses = await Race.AllAtOnceAsync(clients.Select<StripeTestClient, Func<Task<StripeResponse>>>(c =>
                () => c.PostAsync($"/v1/payment_records/{id}/report_payment_attempt", ("initiated_at", "1730000200"))).ToArray());
            Assert.True(responses.Count(r => r.Status == HttpStatusCode.OK) == 1, $"round {round}: {string.Join(" | ", responses.Select(r => r.Raw))}");
            var attempts = (await _client.GetAsync("/v1/payment_attempt_records", ("payment_record", id))).AssertOk().Body["data"]!.AsArray();
            Assert.Equal(2, attempts.Count);
        }
    }

    [Fact]
    public async Task Refunds_racing_never_exceed_the_guaranteed_amount()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var id = (await ReportAsync(_client, Guaranteed(1000))).Id;
            // Even rounds: four refunds of 300 (exactly three fit); odd rounds: three "refund everything" (exactly one).
            var contenders = round % 2 == 0 ? 4 : 3;
            long? each = round % 2 == 0 ? 300 : null;
            var expectedWinners = round % 2 == 0 ? 3 : 1;
            var clients = await Task.WhenAll(Enumerable.Range(0, contenders).Select(i => ClientFor(round, i)));
            var responses = await Race.AllAtOnceAsync(clients.Select<StripeTestClient, Func<Task<StripeResponse>>>((c, i) =>
                () => c.PostAsync($"/v1/payment_records/{id}/report_refund", Refund($"race-{id}-{i}", each))).ToArray());

            var winners = responses.Count(r => r.Status == HttpStatusCode.OK);
            Assert.True(winners == expectedWinners, $"round {round}: {winners} winners: {string.Join(" | ", responses.Select(r => r.Raw))}");
            Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.AssertError(HttpStatusCode.BadRequest));
            var record = (await _client.GetAsync($"/v1/payment_records/{id}")).AssertOk().Body;
            var refunded = record["amount_refunded"]!["value"]!.GetValue<long>();
            Assert.Equal(each is { } v ? v * expectedWinners : 1000, refunded);
            Assert.True(refunded <= record["amount_guaranteed"]!["value"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task One_refund_reference_racing_on_two_records_is_taken_once()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var a = (await ReportAsync(_client, Guaranteed(1000))).Id;
            var b = (await ReportAsync(_client, Guaranteed(1000))).Id;
            var reference = $"shared-{Guid.NewGuid():N}";
            var clients = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => ClientFor(round, i)));
            var responses = await Race.AllAtOnceAsync(
                () => clients[0].PostAsync($"/v1/payment_records/{a}/report_refund", Refund(reference, 100)),
                () => clients[1].PostAsync($"/v1/payment_records/{b}/report_refund", Refund(reference, 100)));
            Assert.True(responses.Count(r => r.Status == HttpStatusCode.OK) == 1, $"round {round}: {string.Join(" | ", responses.Select(r => r.Raw))}");
            responses.Single(r => r.Status != HttpStatusCode.OK)
                .AssertError(HttpStatusCode.BadRequest, "resource_already_exists", "processor_details[custom][refund_reference]");
        }
    }
}
