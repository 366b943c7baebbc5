{{/* Names and labels shared by every object of the chart. */}}

{{- define "firebreak.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release-scoped name; "firebreak" alone when the release is called firebreak. */}}
{{- define "firebreak.fullname" -}}
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

{{- define "firebreak.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "firebreak.selectorLabels" -}}
app.kubernetes.io/name: {{ include "firebreak.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "firebreak.labels" -}}
helm.sh/chart: {{ include "firebreak.chart" . }}
{{ include "firebreak.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: firebreak
{{- end -}}

{{/* Labels of one role's objects: (dict "root" $ "role" "api"). */}}
{{- define "firebreak.roleLabels" -}}
{{ include "firebreak.labels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "firebreak.roleSelectorLabels" -}}
{{ include "firebreak.selectorLabels" .root }}
app.kubernetes.io/component: {{ .role }}
{{- end -}}

{{- define "firebreak.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "firebreak.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "firebreak.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The ConfigMap holding the playbooks, or "" when the image's own playbooks are used. */}}
{{- define "firebreak.playbooksConfigMap" -}}
{{- if .Values.playbooks.existingConfigMap -}}
{{- .Values.playbooks.existingConfigMap -}}
{{- else if .Values.playbooks.files -}}
{{- printf "%s-playbooks" (include "firebreak.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/* Where secrets are mounted; each one is a file named after its variable. */}}
{{- define "firebreak.secretsDir" -}}/var/run/secrets/firebreak{{- end -}}
