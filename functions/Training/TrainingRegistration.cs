using Recommender.Functions.Hosting;

namespace Recommender.Functions.Training;

/// <summary>Registers the retrain timer, the training launchers and the training admin routes.</summary>
public static class TrainingRegistration
{
    public static IServiceCollection AddTraining(this IServiceCollection services, HostingMode mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        return services;
    }

    /// <summary>Admin routes: POST /api/training, GET /api/training/runs.</summary>
    public static RouteGroupBuilder MapTrainingEndpoints(this RouteGroupBuilder admin) => admin;

    /// <summary>The Functions host's timer invocation: POST /NightlyRetrain.</summary>
    public static IEndpointRouteBuilder MapTrainingInvocations(this IEndpointRouteBuilder app) => app;
}
