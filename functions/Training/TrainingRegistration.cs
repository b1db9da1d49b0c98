using Azure.Identity;
using Microsoft.Extensions.Options;
using Recommender.Core.AzureStorage;
using Recommender.Functions.Admin;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>Registers the retrain timer, the training launchers and the training admin routes.</summary>
public static class TrainingRegistration
{
    public static IServiceCollection AddTraining(this IServiceCollection services, HostingMode mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        services.AddSingleton<IValidateOptions<RecommenderOptions>, TrainingSettingsValidator>();
        services.AddOptions<RecommenderOptions>().ValidateOnStart();
        services.AddSingleton(new TrainingOptions());
        services.AddSingleton<TrainingRunLog>();
        services.AddSingleton<TrainingRunLock>();
        services.AddSingleton<TrainingCoordinator>();
        services.AddSingleton(sp => new ResourceManagerOptions(ResourceManagerOptions.PublicCloud, CreateArmCredential(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton<ProcessTrainingLauncher>();
        services.AddSingleton<ContainerAppsJobLauncher>();
        services.AddSingleton<ITrainingLauncher>(sp => sp.GetRequiredService<IOptions<RecommenderOptions>>().Value.TrainingLauncher switch
        {
            ContainerAppsJobLauncher.LauncherName => sp.GetRequiredService<ContainerAppsJobLauncher>(),
            _ => sp.GetRequiredService<ProcessTrainingLauncher>(), // Unknown values never get here: TrainingSettingsValidator stops startup.
        });
        if (mode.Standalone)
        {
            // Under the Functions host the timer trigger calls POST /NightlyRetrain instead.
            services.AddSingleton<RetrainScheduler>();
            services.AddHostedService(sp => sp.GetRequiredService<RetrainScheduler>());
        }

        return services;
    }

    /// <summary>Admin routes: POST /api/training, GET /api/training/runs.</summary>
    public static RouteGroupBuilder MapTrainingEndpoints(this RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        admin.MapPost("/training", TrainingEndpoints.StartTrainingAsync).WithName("StartTraining");
        admin.MapGet("/training/runs", TrainingEndpoints.ListRunsAsync).WithName("ListTrainingRuns");
        return admin;
    }

    /// <summary>
    /// The Functions host's timer invocation: POST /NightlyRetrain. Standalone, nothing but a person can call it, so it
    /// needs the admin key like the admin routes (the filter lets the host's calls through under the Functions host).
    /// </summary>
    public static IEndpointRouteBuilder MapTrainingInvocations(this IEndpointRouteBuilder app)
    {
        app.MapPost("/" + NightlyRetrainFunction.FunctionName, NightlyRetrainFunction.InvokeAsync)
            .WithName(NightlyRetrainFunction.FunctionName)
            .AddEndpointFilter<AdminKeyFilter>()
            .ExcludeFromDescription();
        return app;
    }

    // The managed identity that starts the job: the user-assigned one named by RecommenderStorage__clientId or
    // AZURE_CLIENT_ID (both set in infra); DefaultAzureCredential also covers a developer's az login.
    private static DefaultAzureCredential CreateArmCredential(IConfiguration configuration)
    {
        string? clientId = configuration[StorageAccountSettings.SettingName + ":clientId"];
        clientId = string.IsNullOrWhiteSpace(clientId) ? configuration["AZURE_CLIENT_ID"] : clientId;
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrWhiteSpace(clientId) ? null : clientId });
    }
}
