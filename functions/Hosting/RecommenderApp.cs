using Recommender.Core.Artifacts;
using Recommender.Functions.Admin;
using Recommender.Functions.Feedback;
using Recommender.Functions.Serving;
using Recommender.Functions.Training;

namespace Recommender.Functions.Hosting;

/// <summary>Registers the handler's services and maps its routes; shared by Program and the tests.</summary>
public static class RecommenderApp
{
    public static WebApplicationBuilder AddRecommender(this WebApplicationBuilder builder, HostingMode mode)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(mode);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<RecommenderOptions>().BindConfiguration(string.Empty);
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(new StorageLayoutOptions());
        builder.Services.AddRecommenderStorage(builder.Configuration);
        builder.Services.AddSingleton<ModelRepository>();
        builder.Services.AddSingleton<ModelCache>();
        builder.Services.AddSingleton<FeedbackIndex>();
        builder.Services.AddSingleton<IUserFeedbackSource>(sp => sp.GetRequiredService<FeedbackIndex>());
        builder.Services.AddHostedService<FeedbackIndexRefreshService>();
        builder.Services.AddSingleton<FeedbackProcessor>();
        if (mode.Standalone)
        {
            // Under the Functions host, the host owns the queue trigger and the infrastructure creates storage.
            builder.Services.AddHostedService<StorageBootstrap>();
            builder.Services.AddHostedService<FeedbackQueueListener>();
        }

        builder.Services.AddHostedService<ModelRefreshService>();
        builder.Services.AddSingleton<AdminKeyFilter>();
        builder.Services.AddTraining(mode);
        return builder;
    }

    public static WebApplication MapRecommender(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOpenApi("/api/openapi/{documentName}.json");
        app.MapServingEndpoints();
        app.MapHealthEndpoint();
        app.MapFeedbackEndpoint();
        app.MapLogFeedbackInvocation();
        RouteGroupBuilder admin = app.MapGroup("/api").AddEndpointFilter<AdminKeyFilter>();
        admin.MapModelEndpoints();
        admin.MapTrainingEndpoints();
        app.MapTrainingInvocations();
        return app;
    }
}
