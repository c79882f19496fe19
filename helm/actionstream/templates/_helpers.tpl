{{/* Names and labels shared by every template. */}}
{{- define "actionstream.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "actionstream.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "actionstream.selector" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: inference-service
{{- end -}}

{{/* The service image: the CUDA tag when a GPU is requested. */}}
{{- define "actionstream.image" -}}
{{- $tag := ternary .Values.image.cudaTag .Values.image.tag .Values.gpu.enabled -}}
{{- printf "%s:%s" .Values.image.repository $tag -}}
{{- end -}}

{{/* Non-root, no privilege escalation, no capabilities, read-only root filesystem. */}}
{{- define "actionstream.containerSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Kafka secrets as the ACTIONSTREAM_* variables both the service and the trainer read. */}}
{{- define "actionstream.kafkaSecretEnv" -}}
{{- if .Values.kafka.sasl.existingSecret }}
- name: ACTIONSTREAM_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.sasl.existingSecret }}
      key: {{ .Values.kafka.sasl.jaasConfigKey }}
{{- end }}
{{- if .Values.kafka.tls.existingSecret }}
- name: ACTIONSTREAM_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.kafka.tls.existingSecret }}
      key: {{ .Values.kafka.tls.passwordKey }}
{{- end }}
- name: ACTIONSTREAM_SECURITY_PROTOCOL
  value: {{ .Values.kafka.securityProtocol | quote }}
{{- if .Values.kafka.sasl.mechanism }}
- name: ACTIONSTREAM_SASL_MECHANISM
  value: {{ .Values.kafka.sasl.mechanism | quote }}
{{- end }}
{{- if .Values.kafka.tls.existingSecret }}
- name: ACTIONSTREAM_SSL_TRUSTSTORE_LOCATION
  value: /etc/actionstream/tls/{{ .Values.kafka.tls.truststoreKey }}
- name: ACTIONSTREAM_SSL_TRUSTSTORE_TYPE
  value: PKCS12
{{- end }}
{{- end -}}

{{- define "actionstream.tlsVolume" -}}
{{- if .Values.kafka.tls.existingSecret }}
- name: kafka-tls
  secret:
    secretName: {{ .Values.kafka.tls.existingSecret }}
    items:
      - key: {{ .Values.kafka.tls.truststoreKey }}
        path: {{ .Values.kafka.tls.truststoreKey }}
{{- end }}
{{- end -}}

{{- define "actionstream.tlsMount" -}}
{{- if .Values.kafka.tls.existingSecret }}
- name: kafka-tls
  mountPath: /etc/actionstream/tls
  readOnly: true
{{- end }}
{{- end -}}

{{/* The service's settings file (docs/operations.md); secrets are never in it. */}}
{{- define "actionstream.serviceProperties" -}}
application.id={{ .Values.applicationId }}
bootstrap.servers={{ required "kafka.bootstrapServers is required" .Values.kafka.bootstrapServers }}
http.port={{ .Values.service.port }}
state.dir=/var/lib/actionstream/state
shutdown.timeout.ms={{ mul (sub .Values.terminationGracePeriodSeconds 10) 1000 }}
model.source={{ .Values.model.source }}
{{- if eq .Values.model.source "path" }}
model.path={{ .Values.model.path }}
{{- else }}
model.registry.packages.topic={{ .Values.model.registry.packagesTopic }}
model.registry.events.topic={{ .Values.model.registry.eventsTopic }}
model.registry.cache.dir=/tmp/actionstream-models
{{- end }}
predictor.execution.provider={{ ternary "cuda" "cpu" .Values.gpu.enabled }}
topic.labels={{ .Values.retrain.labelsTopic }}
topics.partitions={{ .Values.topics.partitions }}
topics.replication.factor={{ .Values.topics.replicationFactor }}
{{- range $key, $value := .Values.config }}
{{- /* numbers from values files are float64: print 10485760, not 1.048576e+07 */}}
{{ $key }}={{ if kindIs "float64" $value }}{{ $value | toJson }}{{ else }}{{ $value }}{{ end }}
{{- end }}
{{- end -}}
