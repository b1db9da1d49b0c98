using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Options;
using Recommender.Functions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddRecommender();
try
{
    using IHost host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException or FormatException)
{
    // A configuration mistake (a bad RetrainSchedule, a missing RecommenderStorage...) is one sentence, not a stack trace.
    await Console.Error.WriteLineAsync($"error: {ex.Message}");
    return 1;
}
