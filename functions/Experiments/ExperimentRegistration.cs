using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Recommender.Core.Experiments;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Experiments;

/// <summary>Registers impressions, their outcomes, the online metrics and the A/B split.</summary>
public static class ExperimentRegistration
{
    public static IServiceCollection AddExperiments(this IServiceCollection services)
    {
        services.AddOptions<RecommenderOptions>()
            .Validate(o => o.ImpressionSampleRate is >= 0 and <= 1, "ImpressionSampleRate must be a number from 0 to 1 (the share of served lists logged as impressions).")
            .ValidateOnStart();
        services.AddSingleton(sp => new ImpressionLog(sp.GetRequiredService<TableServiceClient>(), sp.GetRequiredService<StorageLayoutOptions>().ImpressionsTable));
        services.AddSingleton<ImpressionOutcomes>();
        services.AddSingleton<ImpressionSender>();
        services.AddSingleton<ImpressionRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<ImpressionSender>());
        services.AddSingleton<ExperimentStore>();
        services.AddSingleton<ExperimentModels>();
        services.AddHostedService<ExperimentRefreshService>();
        return services;
    }
}
