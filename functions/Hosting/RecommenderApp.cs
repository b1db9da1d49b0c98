using Microsoft.Azure.Functions.Worker.Builder;
using Recommender.Core.Artifacts;
using Recommender.Core.Feedback;
using Recommender.Functions.Experiments;
using Recommender.Functions.Feedback;
using Recommender.Functions.Rules;
using Recommender.Functions.Serving;
using Recommender.Functions.Training;

namespace Recommender.Functions.Hosting;

/// <summary>Registers the app's services on the worker; Program calls it once.</summary>
public static class RecommenderApp
{
    public static FunctionsApplicationBuilder AddRecommender(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRecommenderTelemetry(builder.Configuration);

        // The worker forwards its logs to the host; ASP.NET Core's per-request lines (request starting, finished,
        // endpoint executed) would double the host's own, so only their warnings go.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.UseMiddleware<ProblemDetailsMiddleware>();
        builder.Services.AddRecommender(builder.Configuration);
        return builder;
    }

    /// <summary>Everything the functions need: storage, the model cache and its refresh, feedback, training.</summary>
    public static IServiceCollection AddRecommender(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddOptions<RecommenderOptions>().BindConfiguration(string.Empty).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<RecommenderOptions>, FeedbackTimelineRetention>();
        services.AddSingleton(new StorageLayoutOptions());
        services.AddRecommenderStorage(configuration);
        services.AddHostedService<StorageBootstrap>();
        services.AddSingleton<ModelRepository>();
        services.AddSingleton<ModelCache>();
        services.AddHostedService<ModelRefreshService>();
        services.AddSingleton<FeedbackIndex>();
        services.AddSingleton<IUserFeedbackSource>(sp => sp.GetRequiredService<FeedbackIndex>());
        services.AddHostedService<FeedbackIndexRefreshService>();
        services.AddSingleton<BlockedItemsCache>();
        services.AddHostedService<BlockedItemsRefreshService>();
        services.AddTraining();
        services.AddExperiments();
        return services;
    }
}
