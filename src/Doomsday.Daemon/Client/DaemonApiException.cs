namespace Doomsday.Daemon.Client;

/// <summary>The daemon could not be reached or refused the request; <see cref="Exception.Message"/> is fit to print (never holds the token).</summary>
public sealed class DaemonApiException(string message) : Exception(message);
