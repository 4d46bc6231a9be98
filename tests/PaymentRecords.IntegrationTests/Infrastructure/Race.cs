namespace PaymentRecords.IntegrationTests.Infrastructure;

/// <summary>
/// Starts requests together, for race tests: a barrier every request waits behind, opened once all are queued,
/// so they reach the server (or servers) at the same moment.
/// </summary>
public static class Race
{
    public static async Task<StripeResponse[]> AllAtOnceAsync(IEnumerable<Func<Task<StripeResponse>>> requests)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = requests.Select(async request =>
        {
            await gate.Task;
            return await request();
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }

    public static Task<StripeResponse[]> AllAtOnceAsync(params Func<Task<StripeResponse>>[] requests) =>
        AllAtOnceAsync((IEnumerable<Func<Task<StripeResponse>>>)requests);
}
