{{- define "herald.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "herald.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "herald.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "herald.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component (api, worker, migrate): pass (list $ "api"). */}}
{{- define "herald.selectorLabels" -}}
{{- $ := index . 0 -}}
app.kubernetes.io/name: {{ include "herald.name" $ }}
app.kubernetes.io/instance: {{ $.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "herald.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "herald.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "herald.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret with DATABASE_URL (the chart's own, or existingSecret). */}}
{{- define "herald.secretName" -}}
{{- if .Values.existingSecret -}}
{{- .Values.existingSecret -}}
{{- else -}}
{{- include "herald.fullname" . -}}
{{- end -}}
{{- end -}}

{{/* The chart's Secret data (also copied into the migration hook's own Secret). */}}
{{- define "herald.secretData" -}}
{{- if not .Values.database.url -}}
{{- fail "set database.url (the PostgreSQL URL) or existingSecret (a Secret with DATABASE_URL)" -}}
{{- end -}}
{{- if not .Values.encryptionKey -}}
{{- fail "set encryptionKey (HERALD_ENCRYPTION_KEY, e.g. openssl rand -base64 32) or existingSecret (a Secret with HERALD_ENCRYPTION_KEY): production refuses to start without it" -}}
{{- end -}}
DATABASE_URL: {{ .Values.database.url | b64enc | quote }}
HERALD_ENCRYPTION_KEY: {{ .Values.encryptionKey | b64enc | quote }}
{{- with .Values.database.directUrl }}
HERALD_DIRECT_DATABASE_URL: {{ . | b64enc | quote }}
{{- end }}
{{- with .Values.apiKey }}
HERALD_API_KEY: {{ . | b64enc | quote }}
{{- end }}
{{- end -}}

{{/*
Seconds Kubernetes waits after SIGTERM before SIGKILL: above Herald's own deadline (the shutdown timeout,
then 1 s until close-with-grace forces the exit), so Herald always finishes or releases its deliveries itself.
*/}}
{{- define "herald.terminationGracePeriodSeconds" -}}
{{- $timeout := int .Values.shutdownTimeoutMs -}}
{{- if or (lt $timeout 100) (gt $timeout 60000) -}}
{{- fail "shutdownTimeoutMs must be within 100-60000 (HERALD_SHUTDOWN_TIMEOUT_MS)" -}}
{{- end -}}
{{- add (div (add $timeout 999) 1000) 1 (int .Values.terminationGracePeriodMarginSeconds) -}}
{{- end -}}

{{/* env of every Herald container: the ConfigMap, then the Secret's keys one by one (optional ones optional). */}}
{{- define "herald.env" -}}
envFrom:
  - configMapRef:
      name: {{ include "herald.fullname" . }}
env:
  - name: DATABASE_URL
    valueFrom:
      secretKeyRef: { name: {{ include "herald.secretName" . }}, key: DATABASE_URL }
  - name: HERALD_DIRECT_DATABASE_URL
    valueFrom:
      secretKeyRef: { name: {{ include "herald.secretName" . }}, key: HERALD_DIRECT_DATABASE_URL, optional: true }
  - name: HERALD_API_KEY
    valueFrom:
      secretKeyRef: { name: {{ include "herald.secretName" . }}, key: HERALD_API_KEY, optional: true }
{{- with .Values.extraEnv }}
{{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* What every Herald pod shares: security, the writable /tmp of a read-only root file system. */}}
{{- define "herald.podCommon" -}}
serviceAccountName: {{ include "herald.serviceAccountName" . }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
volumes:
  - name: tmp
    emptyDir: {}
{{- end -}}

{{- define "herald.containerCommon" -}}
image: {{ include "herald.image" . }}
imagePullPolicy: {{ .Values.image.pullPolicy }}
securityContext:
  {{- toYaml .Values.securityContext | nindent 2 }}
volumeMounts:
  - name: tmp
    mountPath: /tmp
{{- end -}}
