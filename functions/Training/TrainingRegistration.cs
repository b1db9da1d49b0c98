using Azure.Identity;
using Microsoft.Extensions.Options;
using Recommender.Core.AzureStorage;
using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>Registers the run log, the run lock, the coordinator and the launcher the TrainingLauncher setting names.</summary>
public static class TrainingRegistration
{
    public static IServiceCollection AddTraining(this IServiceCollection services)
    {
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
        return services;
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
