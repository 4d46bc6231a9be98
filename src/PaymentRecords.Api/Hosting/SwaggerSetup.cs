using Swashbuckle.AspNetCore.SwaggerGen;

namespace PaymentRecords.Api.Hosting;

public static class SwaggerSetup
{
    public static void Configure(SwaggerGenOptions options)
    {
        options.SwaggerDoc("v1", new() { Title = "PaymentRecords — Stripe API 2025-10-29.clover emulator", Version = "2025-10-29.clover" });
    }
}
