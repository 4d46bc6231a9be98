using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using PaymentRecords.Api.Hosting;

namespace PaymentRecords.IntegrationTests.Hosting;

/// <summary>
/// The benchmark's allocation probe (<see cref="AllocationProbe"/>) exists only when configuration asks for it. No
/// database is needed: the route reads the runtime's counters.
/// </summary>
public sealed class AllocationProbeTests
{
    private const string Unreachable = "Host=127.0.0.1;Port=1;Username=postgres;Password=x;Database=paymentrecords;Timeout=2";

    private static async Task<(WebApplication App, HttpClient Http)> StartAsync(bool expose)
    {
        var app = PaymentRecordsApp.Build(["--urls", "http://127.0.0.1:0"], b =>
        {
            b.Configuration["ConnectionStrings:Postgres"] = Unreachable;
            if (expose) b.Configuration[AllocationProbe.Setting] = "true";
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new HttpClient { BaseAddress = new Uri(address) });
    }

    [Fact]
    public async Task Without_the_setting_the_probe_is_an_unrecognized_url()
    {
        var (app, http) = await StartAsync(expose: false);
        await using var _ = app;
        using var __ = http;
        var response = await http.GetAsync(AllocationProbe.Path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        await app.StopAsync();
    }

    [Fact]
    public async Task With_the_setting_the_probe_answers_the_bytes_allocated_so_far_and_they_grow()
    {
        var (app, http) = await StartAsync(expose: true);
        await using var _ = app;
        using var __ = http;
        var first = JsonNode.Parse(await http.GetStringAsync(AllocationProbe.Path))!;
        await http.GetAsync("/v1/customers"); // any request allocates
        var second = JsonNode.Parse(await http.GetStringAsync(AllocationProbe.Path))!;
        Assert.True(first["allocated_bytes"]!.GetValue<long>() > 0);
        Assert.True(second["allocated_bytes"]!.GetValue<long>() > first["allocated_bytes"]!.GetValue<long>());
        Assert.True(second["gen0_collections"]!.GetValue<int>() >= first["gen0_collections"]!.GetValue<int>());
        await app.StopAsync();
    }
}
