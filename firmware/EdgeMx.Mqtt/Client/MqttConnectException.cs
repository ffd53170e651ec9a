namespace EdgeMx.Mqtt.Client;

/// <summary>Carries a classified <see cref="MqttConnectionProblem"/> out of the connect path; caught by the client.</summary>
public sealed class MqttConnectException : Exception
{
    public MqttConnectException(MqttConnectionProblem problem) : base(problem.Message) => Problem = problem;

    public MqttConnectException(MqttConnectionProblemKind kind, string message, string check)
        : this(new MqttConnectionProblem(kind, message, check))
    {
    }

    public MqttConnectionProblem Problem { get; }
}
